import type { z } from 'zod';
import { ApiError, validationError } from '@simline/contracts';

type Part = 'body' | 'query' | 'path' | 'header';

/** Validates one part of a request; a failure is a 422 naming the field. Unknown fields fail with strict schemas. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: Part = 'body'): z.infer<S> {
  // No body is an empty object; a JSON `null` is a body, and not an object (PATCH with `null` changes nothing).
  if (part === 'body' && value === undefined) value = {};
  if (part === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new ApiError(422, 'invalidRequestBody', 'The request body must be a JSON object.');
  }
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error.issues, part);
  return r.data;
}
