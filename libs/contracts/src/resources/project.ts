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
    emails: z.object({ enabled: z.boolean(), from: z.string().nullable() }),
  }),
  createdAt: Timestamp,
});
export type Project = z.infer<typeof ProjectSchema>;
