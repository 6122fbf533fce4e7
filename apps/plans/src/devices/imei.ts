/** IMEI and TAC rules (3GPP TS 23.003): 15 digits, the last a Luhn check digit; the first 8 are the TAC. */

export type ImeiProblem = 'notFifteenDigits' | 'checkDigitMismatch';
export type ParsedImei = { ok: true; imei: string; tac: string } | { ok: false; problem: ImeiProblem; message: string };

/** True when the digits pass the Luhn check (the last digit being the check digit). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
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

/** Parses an IMEI exactly as given: no spaces or dashes are dropped, so what was stored is what was sent. */
export function parseImei(value: string): ParsedImei {
  if (!/^\d{15}$/.test(value)) return { ok: false, problem: 'notFifteenDigits', message: 'An IMEI is exactly 15 digits.' };
  if (!luhnValid(value)) return { ok: false, problem: 'checkDigitMismatch', message: 'The IMEI check digit (Luhn) does not match.' };
  return { ok: true, imei: value, tac: value.slice(0, 8) };
}

export const TAC_PATTERN = /^\d{8}$/;

/** The Luhn check digit that completes 14 digits into an IMEI (for test data and seeding). */
export function imeiCheckDigit(first14: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(first14 + d)) return String(d);
  throw new Error(`not 14 digits: ${first14}`);
}
