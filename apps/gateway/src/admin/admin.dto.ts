import { z } from 'zod';
import { ProjectSchema } from '@simline/contracts';
import { createZodDto } from '@simline/platform';

export const CreateKeySchema = z.strictObject({
  project: ProjectSchema.shape.id,
  name: z.string().trim().min(1).max(200).optional(),
});

export const ListKeysQuery = z.strictObject({ project: z.string().optional() });

export class CreateKeyDto extends createZodDto(CreateKeySchema) {}
export class ListKeysQueryDto extends createZodDto(ListKeysQuery) {}
