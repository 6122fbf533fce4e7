import { z } from 'zod';
import { ID_PREFIXES, isId, ProjectSchema, type IdKind } from '@simline/contracts';
import { parseRequest } from '@simline/platform';

/** An id of one kind (prefix and body), with a message naming the expected prefix. */
export const idOf = (kind: IdKind) =>
  z.string().refine((v) => isId(kind, v), { message: `Expected a ${kind} id (${ID_PREFIXES[kind]}_…).` });

/** Path parameters checked before the database sees them: a malformed id is a 422 naming the parameter. */
export function pathParams<S extends z.ZodRawShape>(
  shape: S,
  value: Record<string, string>,
): z.infer<z.ZodObject<S>> {
  return parseRequest(z.object(shape), value, 'path');
}

export const projectParam = (project: string): string =>
  pathParams({ project: ProjectSchema.shape.id }, { project }).project;

/** `a,b` or `?x=a&x=b` (or both) as one list, trimmed, without repeats. */
export function splitList(value: unknown): unknown {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [v],
  );
  return [...new Set(parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== ''))];
}

export const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess(splitList, z.array(item).min(1, 'Give at least one value.'));
