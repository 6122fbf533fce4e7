import { z } from 'zod';
import { MetadataSchema, Timestamp } from './common.js';
import { SIM_TYPES } from './plan.js';

/** inactive: in inventory or not yet provisioned; active: provisioned on the network; retired: replaced or ended. */
export const SIM_STATUSES = ['inactive', 'active', 'retired'] as const;

export const SimSchema = z.object({
  object: z.literal('sim'),
  id: z.string(),
  // Optional for events written before SIMs carried it; every SIM Simline renders has it.
  metadata: MetadataSchema.optional(),
  createdAt: Timestamp,
  iccid: z.string().regex(/^\d{18,22}$/),
  provider: z.string(),
  status: z.enum(SIM_STATUSES),
  type: z.enum(SIM_TYPES),
});
export type Sim = z.infer<typeof SimSchema>;
