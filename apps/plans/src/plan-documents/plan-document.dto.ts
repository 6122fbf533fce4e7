import { z } from 'zod';
import { paginationQuerySchema } from '@simline/contracts';
import { createZodDto, idOf } from '@simline/platform';

function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/** What ops sends to attach a document to a plan (internal endpoint). */
export const CreatePlanDocumentSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  language: z.string().max(35).refine(isLanguageTag, 'Expected a BCP 47 language tag such as en-US.').nullable().optional(),
  type: z.string().regex(/^[a-z]+\/[a-z0-9][a-z0-9.+-]*$/i, 'Expected a MIME type such as application/pdf.').max(127),
  url: z.url({ protocol: /^https?$/ }).max(2000),
});
export class CreatePlanDocumentDto extends createZodDto(CreatePlanDocumentSchema) {}

export const ListPlanDocumentsQuerySchema = z.strictObject({
  plan: idOf('plan').optional(),
  ...paginationQuerySchema.shape,
});

export const NestedDocumentsQuerySchema = z.strictObject({ ...paginationQuerySchema.shape });
export class ListPlanDocumentsQueryDto extends createZodDto(ListPlanDocumentsQuerySchema) {}
export class NestedDocumentsQueryDto extends createZodDto(NestedDocumentsQuerySchema) {}
