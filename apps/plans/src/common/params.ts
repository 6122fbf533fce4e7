import { z } from 'zod';
import { ID_PREFIXES, isId, ProjectSchema, type IdKind } from '@simline/contracts';
import { parseRequest } from '@simline/platform';

/** An id of one kind (prefix and body), with a message naming the expected prefix. */
export const idOf = (kind: IdKind) =>
  z.string().refine((v) => isId(kind, v), { message: `Expected a ${kind} id (${ID_PREFIXES[kind]}_…).` });

export const ProjectIdSchema = ProjectSchema.shape.id;

/**
 * Path parameters checked before anything touches the database: a project id that cannot exist, or an id
 * with the wrong prefix, is a 422 naming the parameter (never a database error).
 */
export function pathParams<S extends z.ZodRawShape>(shape: S, value: Record<string, string>): z.infer<z.ZodObject<S>> {
  return parseRequest(z.object(shape), value, 'path');
}

export const projectParam = (project: string): string => pathParams({ project: ProjectIdSchema }, { project }).project;
