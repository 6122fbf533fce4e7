import { z } from 'zod';
import { ID_PREFIXES, isId, ProjectSchema, type IdKind } from '@simline/contracts';
import { parseRequest } from '@simline/platform';

/** An id of one kind (prefix and body), with a message naming the expected prefix. */
export const idOf = (kind: IdKind) =>
  z.string().refine((v) => isId(kind, v), { message: `Expected a ${kind} id (${ID_PREFIXES[kind]}_…).` });

export const ProjectIdSchema = ProjectSchema.shape.id;

/** Path parameters checked before the database: a malformed project or id is a 422 naming the parameter. */
export function pathParams<S extends z.ZodRawShape>(
  shape: S,
  value: Record<string, string>,
): z.infer<z.ZodObject<S>> {
  return parseRequest(z.object(shape), value, 'path');
}

export const projectParam = (project: string): string =>
  pathParams({ project: ProjectIdSchema }, { project }).project;

/** `a,b` or `?x=a&x=b` (or both) as one list, trimmed, without repeats. */
export function splitList(value: unknown): unknown {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [v],
  );
  return [...new Set(parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== ''))];
}

/** A comma-separated query list of at least one item. */
export const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess(splitList, z.array(item).min(1, 'Give at least one value.'));

export const parseQueryString = <S extends z.ZodType>(schema: S, query: unknown): z.infer<S> =>
  parseRequest(schema, query ?? {}, 'query');

/** For endpoints without query parameters: anything given is reported as unknown. */
export const NoQuerySchema = z.strictObject({});
export const EmptyBodySchema = z.strictObject({});
