import { z } from 'zod';
import { CurrencySchema, Timestamp } from './common.js';

/** A partner's project and the settings other services need (billing on/off, e-mails, sandbox). */
export const ProjectSchema = z.object({
  object: z.literal('project'),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  name: z.string(),
  sandbox: z.boolean(),
  settings: z.object({
    billing: z.object({ enabled: z.boolean(), currency: CurrencySchema }),
    emails: z.object({
      enabled: z.boolean(),
      /** Sender of end users' e-mails (consent links): `hello@shop.test` or `Shop Mobile <hello@shop.test>`. */
      from: z.string().nullable(),
      /** The brand end users know, in e-mails and on the approval page (default: the project's name). */
      brandName: z.string().nullable().optional(),
      /** How end users reach the partner's support (an address, a phone number or a URL), shown to them. */
      supportContact: z.string().nullable().optional(),
    }),
  }),
  createdAt: Timestamp,
});
export type Project = z.infer<typeof ProjectSchema>;
