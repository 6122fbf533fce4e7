/** E.164: a plus, a country code, up to 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** Generated numbers come from the NANP fictional-looking area code 959 (as in the Gigs examples). */
export function generatedNumber(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 1 || serial > 9_999_999)
    throw new RangeError(`phone number serial out of range: ${serial}`);
  return `+1959${String(serial).padStart(7, '0')}`;
}
