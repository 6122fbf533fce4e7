import { z } from 'zod';
import { ErrorObjectSchema, type ErrorStatus } from '@simline/contracts';

export interface RouteResponse {
  status: number;
  description: string;
  schema?: z.ZodType;
  example?: unknown;
}

/** One partner endpoint, described where it is implemented; the gateway merges every service's list. */
export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** OpenAPI path with `{params}`, e.g. `/projects/{project}/plans/{plan}`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  operationId?: string;
  deprecated?: boolean;
  pathParams?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  bodyExample?: unknown;
  responses: RouteResponse[];
  /** Error statuses this endpoint can answer with (the Gigs error object). */
  errors?: ErrorStatus[];
}

type Json = Record<string, unknown>;

function schema(s: z.ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) as Json;
  return rest;
}

const ERROR_DESCRIPTIONS: Partial<Record<ErrorStatus, string>> = {
  400: 'Malformed request (e.g. invalid JSON).',
  401: 'Missing or invalid API key.',
  404: 'The resource does not exist in this project.',
  409: 'The resource is not in a state that allows this.',
  413: 'Request body too large.',
  415: 'The body is not JSON.',
  422: 'A field is missing, unknown or invalid; `details` says which.',
  429: 'Rate limit exceeded; see Retry-After.',
};

/** The `Idempotency-Key` header every POST and DELETE takes (the gateway replays the first answer). */
export const IDEMPOTENCY_KEY: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'A unique key (e.g. a UUID) that makes a retry of this request return the first answer instead of acting twice.',
  example: '5f6b1c1e-3f0a-4e57-9a3b-0c2f8e4d7a10',
};

/** The Gigs error object of each status, as the example of an error response. */
const ERROR_EXAMPLES: Partial<Record<number, { type: string; code: string; message: string }>> = {
  400: { type: 'badRequest', code: 'invalidJson', message: 'The request body is not valid JSON.' },
  401: { type: 'unauthorized', code: 'apiKeyInvalid', message: 'The API key is not valid for this project.' },
  403: { type: 'forbidden', code: 'forbidden', message: 'This API key may not do this.' },
  404: { type: 'notFound', code: 'subscriptionNotFound', message: 'No subscription with this id exists in this project.' },
  409: { type: 'conflict', code: 'subscriptionNotActive', message: 'Only an active subscription can be canceled.' },
  413: { type: 'payloadTooLarge', code: 'payloadTooLarge', message: 'The request body is too large.' },
  415: { type: 'unsupportedMediaType', code: 'unsupportedMediaType', message: 'The body must be JSON (Content-Type: application/json).' },
  422: { type: 'unprocessableEntity', code: 'invalidRequestBody', message: 'userReason: Invalid option: expected one of "connectivityIssues"|"customerService"|"noDetails"|"other"|"tooExpensive"|"unused".' },
  429: { type: 'tooManyRequests', code: 'rateLimited', message: 'Too many requests; retry after the number of seconds in Retry-After.' },
  503: { type: 'serviceUnavailable', code: 'serviceUnavailable', message: 'The service is unavailable at this moment. Retry the request shortly.' },
};

/** An error response: the Gigs error object, with a realistic example. */
export function errorResponse(status: number, description: string): Json {
  const example = ERROR_EXAMPLES[status] ?? { type: 'error', code: 'error', message: description };
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { object: 'error', ...example } } } };
}

/** A query parameter; `limit` is the reference's integer 0–200 (default 10), lists are comma-separated arrays. */
function queryParam(name: string, s: Json, required: boolean): Json {
  if (name === 'limit') {
    return { name, in: 'query', required: false, schema: { type: 'integer', minimum: 0, maximum: 200, default: 10 }, description: 'The limit of items to be returned in the list, between 0 and 200.' };
  }
  const { description, ...schemaOnly } = s as { description?: string; type?: unknown };
  return {
    name,
    in: 'query',
    required,
    schema: schemaOnly,
    ...(description ? { description } : {}),
    ...(schemaOnly.type === 'array' ? { style: 'form', explode: false } : {}),
  };
}

/** OpenAPI 3.1 `paths` for a list of routes. */
export function openApiPaths(routes: RouteDoc[]): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const params: Json[] = [{ name: 'project', in: 'path', required: true, schema: { type: 'string' }, description: 'The unique identifier for the project.' }];
    for (const [name, description] of Object.entries(r.pathParams ?? {})) params.push({ name, in: 'path', required: true, schema: { type: 'string' }, description });
    if (r.query) {
      const q = schema(r.query) as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, s] of Object.entries(q.properties ?? {})) params.push(queryParam(name, s, q.required?.includes(name) ?? false));
    }
    if (r.method === 'post' || r.method === 'delete') params.push(IDEMPOTENCY_KEY);
    const responses: Json = {};
    for (const res of r.responses) {
      responses[String(res.status)] = {
        description: res.description,
        ...(res.schema ? { content: { 'application/json': { schema: schema(res.schema), ...(res.example !== undefined ? { example: res.example } : {}) } } } : {}),
      };
    }
    for (const status of r.errors ?? []) {
      responses[String(status)] = errorResponse(status, ERROR_DESCRIPTIONS[status] ?? 'Error.');
    }
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: r.tags,
      operationId: r.operationId ?? `${r.method}${r.path.replace(/\/projects\/\{project\}/, '').replace(/[{}]/g, '').replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
      ...(r.deprecated ? { deprecated: true } : {}),
      parameters: params,
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body), ...(r.bodyExample !== undefined ? { example: r.bodyExample } : {}) } } } }
        : {}),
      responses,
    };
  }
  return paths;
}

/** The components every merged document shares. */
export function openApiComponents(): Json {
  return {
    schemas: { Error: schema(ErrorObjectSchema) },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A project API key (`npm run ops -- keys create`).' } },
  };
}
