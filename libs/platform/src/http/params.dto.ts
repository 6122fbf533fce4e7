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

/** `a,b` or `?x=a&x=b` (or both) as one list, trimmed, without repeats; an empty value is an empty list. */
export function splitList(value: unknown): unknown {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
  return [...new Set(parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== ''))];
}

/** A comma-separated query list of at least one item. */
export const listParam = <T extends z.ZodType>(item: T) => z.preprocess(splitList, z.array(item).min(1, 'Give at least one value.'));

/**
 * Path parameters looked up as given, each with its OpenAPI description: an id that does not exist (or is
 * malformed) is the service's own 404, not a 422.
 */
export const createLookupPathDto = <K extends string>(params: Record<K, string>) =>
  createZodDto(
    z.object({
      project: z.string(),
      ...Object.fromEntries(Object.entries<string>(params).map(([name, description]) => [name, z.string().describe(description)])),
    }) as unknown as z.ZodObject<{ project: z.ZodString } & Record<K, z.ZodString>>,
  );
