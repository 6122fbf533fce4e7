import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Module, Param, Post, Query, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { z } from 'zod';
import { ApiError, PlanSchema } from '@simline/contracts';
import { generateOpenApiPaths, undocumentedRoutes } from '../../openapi.js';
import { ApiRoute } from '../api-route.decorator.js';
import { createPathDto, EmptyBodyDto, idOf, NoQueryDto } from '../params.dto.js';
import { createZodDto, ZodValidationPipe } from '../zod-dto.js';

class CreateThingDto extends createZodDto(z.strictObject({ name: z.string().min(1) })) {}
class ThingPathDto extends createPathDto({ plan: idOf('plan').describe('The plan.') }) {}
class ListQueryDto extends createZodDto(z.strictObject({ limit: z.coerce.number().int().optional(), tag: z.array(z.string()).optional().describe('Tags.') })) {}

@Controller('projects/:project/things')
class ThingsController {
  @Post()
  @ApiRoute({ summary: 'Create', tags: ['Things'], bodyExample: { name: 'a' }, responses: [{ status: 201, description: 'Created.', schema: PlanSchema, example: { x: 1 } }], errors: [422] })
  create(@Param() _p: ThingPathDto, @Query() _q: NoQueryDto, @Body() body: CreateThingDto) {
    return body;
  }

  @Get()
  @ApiRoute({ summary: 'List', tags: ['Things'], responses: [{ status: 200, description: 'A list.' }] })
  list(@Query() query: ListQueryDto) {
    return query;
  }

  @Post(':plan/archive')
  @ApiRoute({ summary: 'Archive', tags: ['Things'], responses: [{ status: 200, description: 'Archived.' }] })
  archive(@Param() _p: ThingPathDto, @Body() _b: EmptyBodyDto) {
    return {};
  }

  @Get(':plan')
  undocumented() {
    return {};
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

const pipe = new ZodValidationPipe();
const thrown = (f: () => unknown): ApiError => {
  try {
    f();
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('no error');
};

describe('ZodValidationPipe', () => {
  it('validates a DTO-typed body, query and path with the Gigs 422s of parseRequest', () => {
    expect(pipe.transform({ name: 'x' }, { type: 'body', metatype: CreateThingDto })).toEqual({ name: 'x' });
    const body = thrown(() => pipe.transform({ name: '', extra: 1 }, { type: 'body', metatype: CreateThingDto }));
    expect(body).toMatchObject({ status: 422, code: 'invalidRequestBody' });
    expect(body.details?.map((d) => d.path)).toEqual(expect.arrayContaining(['name']));
    expect(thrown(() => pipe.transform([], { type: 'body', metatype: CreateThingDto }))).toMatchObject({ status: 422, code: 'invalidRequestBody', message: 'The request body must be a JSON object.' });
    expect(pipe.transform(undefined, { type: 'query', metatype: ListQueryDto })).toEqual({});
    expect(thrown(() => pipe.transform({ x: '1' }, { type: 'query', metatype: NoQueryDto }))).toMatchObject({ status: 422, code: 'invalidQueryParameter' });
    expect(thrown(() => pipe.transform({ project: 'demo', plan: 'sub_1' }, { type: 'param', metatype: ThingPathDto }))).toMatchObject({ status: 422, code: 'invalidParameter', details: [expect.objectContaining({ path: 'plan' })] });
  });

  it('leaves params without a DTO type as they are', () => {
    expect(pipe.transform('x', { type: 'param', metatype: String, data: 'id' })).toBe('x');
    expect(pipe.transform({ a: 1 }, { type: 'body', metatype: Object })).toEqual({ a: 1 });
  });
});

describe('OpenAPI generated from the controllers', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await NestFactory.create(ThingsModule, new FastifyAdapter(), { logger: false });
    await app.init();
  });
  afterAll(() => app?.close());

  it('documents body, query, path, responses, errors and the Idempotency-Key from the DTOs and @ApiRoute', () => {
    const paths = generateOpenApiPaths(app) as Record<string, Record<string, Record<string, unknown>>>;
    const create = paths['/projects/{project}/things']!.post as { operationId: string; parameters: Array<{ name: string; in: string; description?: string }>; requestBody: unknown; responses: Record<string, unknown> };
    expect(create.operationId).toBe('postThings');
    expect(create.parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['header:Idempotency-Key', 'path:plan', 'path:project']);
    expect(create.parameters.find((p) => p.name === 'plan')?.description).toBe('The plan.');
    expect(create.requestBody).toMatchObject({ required: true, content: { 'application/json': { example: { name: 'a' }, schema: { type: 'object', required: ['name'] } } } });
    expect(Object.keys(create.responses).sort()).toEqual(['201', '422']);
    expect(create.responses['201']).toMatchObject({ content: { 'application/json': { example: { x: 1 } } } });
    const list = paths['/projects/{project}/things']!.get as { parameters: Array<{ name: string; style?: string; schema: unknown }> };
    expect(list.parameters.find((p) => p.name === 'limit')?.schema).toEqual({ type: 'integer', minimum: 0, maximum: 200, default: 10 });
    expect(list.parameters.find((p) => p.name === 'tag')).toMatchObject({ style: 'form', description: 'Tags.' });
    expect(paths['/projects/{project}/things/{plan}/archive']!.post).not.toHaveProperty('requestBody');
    expect(paths['/projects/{project}/things/{plan}']).toBeUndefined();
  });

  it('finds a route without an operation and an operation without a route', () => {
    const paths = generateOpenApiPaths(app);
    expect(undocumentedRoutes(app, { ...paths, '/projects/{project}/gone': { get: {} } })).toEqual({
      withoutOperation: ['get /projects/{project}/things/{plan}'],
      withoutRoute: ['get /projects/{project}/gone'],
    });
  });
});
