/** Luhn checksum, as every card number satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * True when a value contains something that looks like a card number (PAN): a run of 13 to 19 digits, possibly
 * grouped with spaces or dashes, passing Luhn. Such values are refused outright, so they are never stored or logged.
 */
export function looksLikeCardNumber(value: string): boolean {
  for (const m of value.matchAll(/\d(?:[ -]?\d)*/g)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
  }
  return false;
}

/** True when any string inside a JSON value looks like a card number. Iterative: no body is too deep for it. */
export function containsCardNumber(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (looksLikeCardNumber(v)) return true;
    } else if (typeof v === 'number') {
      if (Number.isInteger(v) && looksLikeCardNumber(String(v))) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (looksLikeCardNumber(k)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}
