import { z } from 'zod';
import { Timestamp } from './common.js';

/** A document attached to a plan (contract, terms, price sheet), as the Gigs reference shows it. */
export const PlanDocumentSchema = z.object({
  object: z.literal('planDocument'),
  id: z.string(),
  createdAt: Timestamp,
  /** BCP 47 language tag, e.g. `en-US`; null when the document has no single language. */
  language: z.string().nullable(),
  name: z.string(),
  plan: z.string(),
  /** MIME type, e.g. `application/pdf`. */
  type: z.string(),
  url: z.string(),
});
export type PlanDocument = z.infer<typeof PlanDocumentSchema>;
