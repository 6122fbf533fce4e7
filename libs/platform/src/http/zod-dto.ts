import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseRequest } from './validation.js';

/** A DTO class made from a zod schema: its instances are the schema's output, the class carries the schema. */
export interface ZodDtoClass<S extends z.ZodType = z.ZodType> {
  new (): z.output<S>;
  readonly zodSchema: S;
}

/**
 * `class CreatePlanDto extends createZodDto(CreatePlanSchema) {}`: the type of a handler's `@Body()`, `@Query()` or
 * `@Param()` (the whole object). ZodValidationPipe validates the value against the schema and OpenAPI documents it.
 */
export function createZodDto<S extends z.ZodType>(schema: S): ZodDtoClass<S> {
  class ZodDto {
    static readonly zodSchema = schema;
    /** Swagger reads a class's properties from here; the schema is documented by @ApiRoute instead. */
    static _OPENAPI_METADATA_FACTORY(): Record<string, never> {
      return {};
    }
  }
  return ZodDto as unknown as ZodDtoClass<S>;
}

/** The zod schema a param's declared type carries, if it is a DTO of createZodDto. */
export function zodSchemaOf(metatype: unknown): z.ZodType | undefined {
  return typeof metatype === 'function' && 'zodSchema' in metatype ? (metatype as ZodDtoClass).zodSchema : undefined;
}

const PARTS = { body: 'body', query: 'query', param: 'path' } as const;

/**
 * Validates every `@Body()`, `@Query()` and `@Param()` whose type is a zod DTO, with the errors of parseRequest
 * (422 `invalidRequestBody` / `invalidQueryParameter` / `invalidParameter` with `details`). Other params pass.
 */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const schema = zodSchemaOf(metadata.metatype);
    const part = PARTS[metadata.type as keyof typeof PARTS];
    if (!schema || !part) return value;
    if (metadata.data) throw new Error(`A zod DTO takes the whole ${metadata.type} (@${metadata.type}() without a name).`);
    return parseRequest(schema, part === 'query' ? (value ?? {}) : value, part);
  }
}
