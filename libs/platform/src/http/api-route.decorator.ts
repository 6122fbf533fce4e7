import { applyDecorators } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ApiBody, ApiExtension, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { ErrorStatus } from '@simline/contracts';
import { EmptyBodyDto } from './params.dto.js';
import { zodSchemaOf } from './zod-dto.js';

type Json = Record<string, unknown>;

export interface ApiRouteResponse {
  status: number;
  description: string;
  schema?: z.ZodType;
  example?: unknown;
}

/** What a partner endpoint's handler says about itself; body, query and path come from its DTOs. */
export interface ApiRouteOptions {
  summary: string;
  description?: string;
  tags: string[];
  /** Default: the method and path, e.g. `getPlansPlan`. */
  operationId?: string;
  deprecated?: boolean;
  /** Descriptions of path parameters, where not the @Param() DTO's (`.describe()` of its fields). */
  pathParams?: Record<string, string>;
  /** The query as documented, when the DTO's schema pre-processes (comma-separated lists). Default: the @Query() DTO's. */
  query?: z.ZodObject;
  bodyExample?: unknown;
  responses: ApiRouteResponse[];
  /** Error statuses this endpoint can answer with (the Gigs error object). */
  errors?: ErrorStatus[];
}

/** Marks an operation documented by @ApiRoute (removed from the served document). */
export const API_ROUTE_MARK = 'x-simline-route';

/** A zod schema as OpenAPI 3.1 (JSON Schema), the input side: what a client sends or reads. */
export function jsonSchemaOf(s: z.ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) as Json;
  return rest;
}

export const ERROR_DESCRIPTIONS: Partial<Record<ErrorStatus, string>> = {
  400: 'Malformed request (e.g. invalid JSON).',
  401: 'Missing or invalid API key.',
  404: 'The resource does not exist in this project.',
  409: 'The resource is not in a state that allows this.',
  413: 'Request body too large.',
  415: 'The body is not JSON.',
  422: 'A field is missing, unknown or invalid; `details` says which.',
  429: 'Rate limit exceeded; see Retry-After.',
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
export function queryParam(name: string, s: Json, required: boolean): Json {
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

/** The query parameters of a query schema, one by one. */
export function queryParams(query: z.ZodType): Json[] {
  const q = jsonSchemaOf(query) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(q.properties ?? {}).map(([name, s]) => queryParam(name, s, q.required?.includes(name) ?? false));
}

type RouteArg = { index: number; data?: unknown };

/** The DTO class of a handler's whole `@Body()`, `@Query()` or `@Param()`, read from Nest's param metadata. */
function dtoOf(target: object, key: string | symbol, type: RouteParamtypes): z.ZodType | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {}) as Record<string, RouteArg>;
  const types = (Reflect.getMetadata('design:paramtypes', target, key) ?? []) as unknown[];
  const arg = Object.entries(args).find(([k, a]) => k.split(':')[0] === String(type) && a.data === undefined)?.[1];
  return arg ? zodSchemaOf(types[arg.index]) : undefined;
}

/**
 * The OpenAPI operation of a partner endpoint, through @nestjs/swagger's decorators: the request body and query
 * parameters from the handler's zod DTOs, the responses with their examples, and the Gigs errors it can answer
 * with. Put it under the route decorators (it reads the param decorators, which TypeScript applies first).
 */
export function ApiRoute(o: ApiRouteOptions): MethodDecorator {
  return (target, key, descriptor) => {
    // An action that takes `{}` at most documents no body.
    const body = [dtoOf(target, key, RouteParamtypes.BODY)].find((b) => b !== EmptyBodyDto.zodSchema);
    const query = o.query ?? dtoOf(target, key, RouteParamtypes.QUERY);
    const path = dtoOf(target, key, RouteParamtypes.PARAM);
    const pathFields: Record<string, string | undefined> = {
      project: 'The unique identifier for the project.',
      ...(path instanceof z.ZodObject ? Object.fromEntries(Object.entries(path.shape as Record<string, z.ZodType>).flatMap(([name, s]) => (s.description || name !== 'project' ? [[name, s.description]] : []))) : {}),
      ...o.pathParams,
    };
    const decorators: Array<MethodDecorator> = [
      ApiExtension(API_ROUTE_MARK, true),
      ApiOperation({ summary: o.summary, ...(o.description ? { description: o.description } : {}), ...(o.operationId ? { operationId: o.operationId } : {}), ...(o.deprecated ? { deprecated: true } : {}) }),
      ApiTags(...o.tags),
      ...Object.entries(pathFields).map(([name, description]) => ApiParam({ name, required: true, schema: { type: 'string' }, ...(description ? { description } : {}) })),
      ...(query ? queryParams(query) : []).map((p) => ApiQuery(p as never)),
      ...(body ? [ApiBody({ required: true, schema: jsonSchemaOf(body) as never, ...(o.bodyExample !== undefined ? { examples: { example: { value: o.bodyExample } } } : {}) })] : []),
      ...o.responses.map((r) =>
        ApiResponse({
          status: r.status,
          description: r.description,
          ...(r.schema ? { content: { 'application/json': { schema: jsonSchemaOf(r.schema) as never, ...(r.example !== undefined ? { example: r.example } : {}) } } } : {}),
        }),
      ),
      ...(o.errors ?? []).map((status) => ApiResponse({ status, ...(errorResponse(status, ERROR_DESCRIPTIONS[status] ?? 'Error.') as { description: string }) })),
    ];
    applyDecorators(...decorators)(target, key, descriptor);
  };
}
