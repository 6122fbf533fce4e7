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

/** True when any string inside a JSON value looks like a card number. */
export function containsCardNumber(value: unknown): boolean {
  if (typeof value === 'string') return looksLikeCardNumber(value);
  if (typeof value === 'number') return Number.isInteger(value) && looksLikeCardNumber(String(value));
  if (Array.isArray(value)) return value.some(containsCardNumber);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => looksLikeCardNumber(k) || containsCardNumber(v));
  return false;
}
