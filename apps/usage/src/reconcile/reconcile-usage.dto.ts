import { z } from 'zod';
import { createZodDto, idOf, ProjectIdSchema } from '@simline/platform';

export const ReconcileUsageSchema = z.strictObject({
  project: ProjectIdSchema.optional(),
  subscription: idOf('subscription').optional(),
});
export class ReconcileUsageDto extends createZodDto(ReconcileUsageSchema) {}
