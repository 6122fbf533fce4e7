import { z } from 'zod';
import { ProjectSchema } from '@simline/contracts';
import { createZodDto } from '@simline/platform';
import { DASHBOARD_ROLES } from './dashboard-member.entity.js';

const Email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
const Password = z.string().min(12, 'A password has at least 12 characters.').max(200);

/** `POST /admin/projects/{project}/dashboardMembers` (ops) and the admins' form: no password → one is made and shown once. */
export const CreateMemberSchema = z.strictObject({
  email: Email,
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(DASHBOARD_ROLES),
  password: Password.optional(),
});
export class CreateMemberDto extends createZodDto(CreateMemberSchema) {}

/** `POST /dashboard/api/session`. */
export const SignInSchema = z.strictObject({
  project: ProjectSchema.shape.id,
  email: Email,
  password: z.string().min(1).max(200),
});

export const SearchQuerySchema = z.strictObject({ q: z.string().trim().min(1).max(254) });
