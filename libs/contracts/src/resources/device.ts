import { z } from 'zod';
import { Timestamp } from './common.js';
import { SIM_TYPES } from './plan.js';

/**
 * A device model of the platform's catalogue (not per project): which network providers and SIM types it
 * works with, and the TACs (first 8 digits of an IMEI) that identify it.
 */
export const DeviceModelSchema = z.object({
  object: z.literal('deviceModel'),
  id: z.string(),
  createdAt: Timestamp,
  manufacturer: z.string(),
  name: z.string(),
  providers: z.array(z.string()),
  simTypes: z.array(z.enum(SIM_TYPES)),
  tacs: z.array(z.string().regex(/^\d{8}$/)),
});
export type DeviceModel = z.infer<typeof DeviceModelSchema>;
