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

/** OpenAPI 3.1 `paths` for a list of routes. */
export function openApiPaths(routes: RouteDoc[]): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const params: Json[] = [{ name: 'project', in: 'path', required: true, schema: { type: 'string' }, description: 'The unique identifier for the project.' }];
    for (const [name, description] of Object.entries(r.pathParams ?? {})) params.push({ name, in: 'path', required: true, schema: { type: 'string' }, description });
    if (r.query) {
      const q = schema(r.query) as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, s] of Object.entries(q.properties ?? {})) params.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema: s });
    }
    const responses: Json = {};
    for (const res of r.responses) {
      responses[String(res.status)] = {
        description: res.description,
        ...(res.schema ? { content: { 'application/json': { schema: schema(res.schema), ...(res.example !== undefined ? { example: res.example } : {}) } } } : {}),
      };
    }
    for (const status of r.errors ?? []) {
      responses[String(status)] = { description: ERROR_DESCRIPTIONS[status] ?? 'Error.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
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
