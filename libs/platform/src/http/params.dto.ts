import { z } from 'zod';
import { ID_PREFIXES, isId, ProjectSchema, type IdKind } from '@simline/contracts';
import { createZodDto } from './zod-dto.js';

/** An id of one kind (prefix and body), with a message naming the expected prefix. */
export const idOf = (kind: IdKind) =>
  z.string().refine((v) => isId(kind, v), { message: `Expected a ${kind} id (${ID_PREFIXES[kind]}_…).` });

export const ProjectIdSchema = ProjectSchema.shape.id;

/**
 * The path parameters of a partner route, `project` first: checked before anything touches the database, so a
 * project id that cannot exist or an id with the wrong prefix is a 422 naming the parameter. A field's
 * `.describe()` is its OpenAPI description.
 */
export const createPathDto = <S extends z.ZodRawShape>(shape: S) =>
  createZodDto(z.object({ project: ProjectIdSchema.describe('The unique identifier for the project.'), ...shape }));

/** `/projects/{project}/…` without other parameters. */
export class ProjectPathDto extends createPathDto({}) {}

/** For endpoints that take no query parameters: anything given is reported as unknown. */
export class NoQueryDto extends createZodDto(z.strictObject({})) {}

/** For actions that take no body but `{}` (an unknown field is a 422 naming it). */
export class EmptyBodyDto extends createZodDto(z.strictObject({})) {}
