import { createHmac } from 'node:crypto';

/** An eSIM's profile on the SM-DP+ server, as the LPA activation code carries it (GSMA SGP.22 4.1). */
export interface EsimProfileAddress {
  smdpAddress: string;
  matchingId: string;
}

/**
 * The SIM's matching id: an HMAC-SHA256 of its ICCID under the environment's secret, 128 bits as four groups of
 * eight upper-case hex digits. The same SIM always gets the same one; without the secret, one cannot be derived
 * from an ICCID (docs/decisions/0204).
 */
export function matchingIdOf(iccid: string, secret: string): string {
  const hex = createHmac('sha256', secret)
    .update(`esim-matching-id:${iccid}`)
    .digest('hex')
    .slice(0, 32)
    .toUpperCase();
  return hex.match(/.{8}/g)!.join('-');
}

/** `LPA:1$<smdp>$<matchingId>`: what a device's camera or LPA reads from the QR code. */
export function activationCodeOf(p: EsimProfileAddress): string {
  return `LPA:1$${p.smdpAddress}$${p.matchingId}`;
}

/** One-tap install links: Apple's universal link (iOS 17.4+) and Android's equivalent. */
export function installLinksOf(activationCode: string): { ios: string; android: string } {
  return {
    ios: `https://esimsetup.apple.com/esim_qrcode_provisioning?carddata=${activationCode}`,
    android: `https://esimsetup.android.com/esim_qrcode_provisioning?carddata=${activationCode}`,
  };
}
