import { z } from 'zod';
import { createZodDto, idOf, ProjectIdSchema } from '@simline/platform';

export const ReconcileUsageSchema = z.strictObject({
  project: ProjectIdSchema.optional(),
  subscription: idOf('subscription').optional(),
  /** Only report the periods that differ; repair nothing. */
  dryRun: z.boolean().optional(),
});
export class ReconcileUsageDto extends createZodDto(ReconcileUsageSchema) {}
