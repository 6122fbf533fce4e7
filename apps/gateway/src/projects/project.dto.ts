import { z } from 'zod';
import { CurrencySchema, ProjectSchema } from '@simline/contracts';
import { createZodDto } from '@simline/platform';

const BillingInput = z.strictObject({ enabled: z.boolean().optional(), currency: CurrencySchema.optional() });
/** `hello@shop.test` or `Shop Mobile <hello@shop.test>`, as an e-mail From header takes it. */
const Sender = z
  .string()
  .trim()
  .max(200)
  .regex(
    /^(?:[^<>@\n]+<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+)$/,
    'Expected an address such as hello@shop.test or "Shop <hello@shop.test>".',
  );
const EmailsInput = z.strictObject({
  enabled: z.boolean().optional(),
  from: Sender.nullable().optional(),
  brandName: z.string().trim().min(1).max(100).nullable().optional(),
  supportContact: z.string().trim().min(3).max(200).nullable().optional(),
});
const SettingsInput = z.strictObject({ billing: BillingInput.optional(), emails: EmailsInput.optional() });

export const CreateProjectSchema = z.strictObject({
  id: ProjectSchema.shape.id,
  name: z.string().trim().min(1).max(200).optional(),
  sandbox: z.boolean().default(false),
  settings: SettingsInput.optional(),
});
export class CreateProjectDto extends createZodDto(CreateProjectSchema) {}

/** `sandbox` is fixed at creation: a project's test clock is for life (docs/decisions/0301). */
export const UpdateProjectSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  settings: SettingsInput.optional(),
});
export class UpdateProjectDto extends createZodDto(UpdateProjectSchema) {}
export type SettingsInputDto = z.infer<typeof SettingsInput>;
