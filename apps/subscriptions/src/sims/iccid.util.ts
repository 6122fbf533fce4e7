// ICCIDs (ITU-T E.118): `89` (telecom), a country code, an issuer, a serial, and a Luhn check digit.

/** The Luhn check digit that completes `digits`. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return (10 - (sum % 10)) % 10;
}

/** 18 to 22 digits, starting with 89, with a valid Luhn check digit. */
export function isValidIccid(value: string): boolean {
  if (!/^89\d{16,20}$/.test(value)) return false;
  return luhnCheckDigit(value.slice(0, -1)) === Number(value.slice(-1));
}

/** A stable two-digit issuer code per provider (so two providers' serials never collide). */
export function issuerCode(provider: string): string {
  let h = 2166136261;
  for (const c of provider) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return String(h % 100).padStart(2, '0');
}

/** The ICCID of a provider's `serial`-th generated eSIM: 20 digits, deterministic. */
export function generatedIccid(provider: string, serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 1 || serial >= 1e12)
    throw new RangeError(`ICCID serial out of range: ${serial}`);
  const body = `89883${issuerCode(provider)}${String(serial).padStart(12, '0')}`;
  return body + luhnCheckDigit(body);
}
