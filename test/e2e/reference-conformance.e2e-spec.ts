import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from './support/stack.js';

type Json = Record<string, unknown>;
type Operation = {
  tags?: string[];
  parameters?: Array<{ name: string; in: string; schema?: Json; style?: string; explode?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema?: Json; example?: unknown }> }>;
};
type OpenApi = { tags: Array<{ name: string }>; paths: Record<string, Record<string, Operation>> };

const operations = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

/** Every value in an example, with its key (for looking for generated nonsense). */
function* leaves(value: unknown, key = ''): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const v of value) yield* leaves(v, key);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* leaves(v, k);
  else yield [key, value];
}

// The partner API against the Gigs references (../shared/reference/, transcribed in support/reference-examples.json):
// the OpenAPI document's conventions, every reference endpoint answered through the gateway with the
// reference's fields, types and enums, and the OpenAPI schemas of those endpoints with the same.
describe('reference conformance', () => {
  let stack: Stack;
  let openapi: OpenApi;

  beforeAll(async () => {
    stack = await startStack();
    openapi = (await (await fetch(`${stack.gateway.url}/openapi.json`)).json()) as OpenApi;
  }, 300_000);
  afterAll(() => stack?.stop(), 60_000);

  describe('the OpenAPI document', () => {
    it('lists take `limit` as the reference does: an integer 0–200, default 10', () => {
      const limits = operations(openapi).flatMap(({ path, method, op }) =>
        (op.parameters ?? []).filter((p) => p.name === 'limit').map((p) => ({ path, method, schema: p.schema })),
      );
      expect(limits.length).toBeGreaterThan(10);
      for (const l of limits)
        expect(l).toEqual({ ...l, schema: { type: 'integer', minimum: 0, maximum: 200, default: 10 } });
    });

    it('list filters are arrays where the reference says so (comma-separated)', () => {
      const param = (path: string, name: string) =>
        openapi.paths[path]!.get!.parameters!.find((p) => p.name === name);
      for (const [path, name, items] of [
        ['/projects/{project}/subscriptions', 'status', ['pending', 'initiated', 'active', 'ended']],
        ['/projects/{project}/plans', 'status', ['draft', 'pending', 'available', 'archived']],
        ['/projects/{project}/plans', 'simType', ['eSIM', 'pSIM']],
        ['/projects/{project}/plans', 'provider', undefined],
      ] as const) {
        const p = param(path, name)!;
        expect({ path, name, type: p.schema?.type, style: p.style, explode: p.explode }).toEqual({
          path,
          name,
          type: 'array',
          style: 'form',
          explode: false,
        });
        if (items) expect((p.schema!.items as { enum: string[] }).enum.sort()).toEqual([...items].sort());
      }
    });

    it('every POST and DELETE declares the Idempotency-Key header', () => {
      const writes = operations(openapi).filter(({ method }) => method === 'post' || method === 'delete');
      expect(writes.length).toBeGreaterThan(30);
      const missing = writes
        .filter(({ op }) => !(op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
        .map(({ method, path }) => `${method} ${path}`);
      expect(missing).toEqual([]);
    });

    it('every response has a realistic example (no generated amounts, currencies or dates)', () => {
      const without: string[] = [];
      const nonsense: string[] = [];
      for (const { path, method, op } of operations(openapi)) {
        for (const [status, res] of Object.entries(op.responses)) {
          for (const media of Object.values(res.content ?? {})) {
            if (media.example === undefined) without.push(`${method} ${path} ${status}`);
            for (const [key, v] of leaves(media.example)) {
              const bad =
                (typeof v === 'number' && Math.abs(v) > 1e12) ||
                (key === 'currency' && !['USD', 'EUR', 'GBP'].includes(String(v))) ||
                (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !/^20[0-3]\d-/.test(v));
              if (bad) nonsense.push(`${method} ${path} ${status}: ${key} = ${JSON.stringify(v)}`);
            }
          }
        }
      }
      expect(without).toEqual([]);
      expect(nonsense).toEqual([]);
    });

    it('one tag per resource (no duplicates by case)', () => {
      const names = openapi.tags.map((t) => t.name);
      const byCase = new Map<string, string[]>();
      for (const n of names) byCase.set(n.toLowerCase(), [...(byCase.get(n.toLowerCase()) ?? []), n]);
      expect([...byCase.values()].filter((v) => v.length > 1)).toEqual([]);
      expect(names).toContain('Consent requests');
    });
  });
});
