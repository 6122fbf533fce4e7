import { z } from 'zod';
import { createZodDto } from '@simline/platform';
import { PlanDisplayFields } from './create-plan.dto.js';

/** PATCH: only the display fields; an absent field stays as it is, metadata is replaced as a whole. */
export const UpdatePlanSchema = z.strictObject({
  name: PlanDisplayFields.name.optional(),
  description: PlanDisplayFields.description.optional(),
  image: PlanDisplayFields.image.optional(),
  metadata: PlanDisplayFields.metadata.optional(),
});
export class UpdatePlanDto extends createZodDto(UpdatePlanSchema) {}
