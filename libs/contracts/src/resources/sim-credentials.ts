import { z } from 'zod';
import { Timestamp } from './common.js';

/** What an end user needs to install a subscription's eSIM (`GET /subscriptions/{id}/simCredentials`). */
export const SimCredentialsSchema = z.object({
  object: z.literal('simCredentials'),
  subscription: z.string(),
  sim: z.string(),
  iccid: z.string(),
  /** The SM-DP+ server the device downloads the profile from. */
  smdpAddress: z.string(),
  /** The profile's matching id on that server (secret to the end user). */
  matchingId: z.string(),
  /** The LPA activation code `LPA:1$<smdpAddress>$<matchingId>` (GSMA SGP.22), as the QR code encodes it. */
  activationCode: z.string().regex(/^LPA:1\$[^$]+\$[^$]+$/),
  /** The activation code as a QR code: a PNG image as a `data:image/png;base64,…` URL. */
  qrCode: z.string().startsWith('data:image/png;base64,'),
  /** One-tap install links for the device's platform. */
  installLinks: z.object({ ios: z.string().url(), android: z.string().url() }),
});
export type SimCredentials = z.infer<typeof SimCredentialsSchema>;

/** `sim.credentialsViewed`: who read which SIM's credentials; the matching id is not in it (events reach webhooks). */
export const SimCredentialsViewSchema = z.object({
  object: z.literal('simCredentialsView'),
  sim: z.string(),
  subscription: z.string(),
  iccid: z.string(),
  smdpAddress: z.string(),
  viewedAt: Timestamp,
});
export type SimCredentialsView = z.infer<typeof SimCredentialsViewSchema>;
