import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ERROR_TYPES, ErrorObjectSchema } from '@simline/contracts';
import { TestClocks, type RunningService } from '@simline/testing';
import { startStack, type ApiResponse, type Stack } from '../e2e/support/stack.js';
import {
  anyJson,
  NASTY_STRINGS,
  nastyNumber,
  nastyString,
  wrongTypeValues,
  type Json,
  type SchemaNode,
} from './support/hostile.js';
import { fill, operationsOf, seedProject, type OpenApi, type Operation } from './support/seed.js';
import { changes, snapshot } from './support/writes.js';

// Property-based fuzzing (fast-check) of every partner endpoint of the merged OpenAPI document, through the
// gateway (docs/reliability.md). Invalid input: wrong types, missing and unknown fields, bodies that are not
// objects, malformed or truncated JSON, wrong content types, oversized bodies, malformed ids and cursors: each
// gets a 4xx in the Gigs error shape and writes nothing (every table of every service database and every topic
// is the same before and after). Hostile but well-formed input (injection-looking and odd unicode strings,
// huge and negative numbers, random JSON): never a 5xx, every 4xx a Gigs error.
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const ID_LIKE = /^[a-z]{2,4}_[0-9A-Za-z]{28}$/;

const stats = { invalid: 0, hostile: 0, statuses: {} as Record<string, number> };
const problems: string[] = [];

function checkResponse(what: string, res: ApiResponse, expectRefusal: boolean): void {
  stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
  if (res.status >= 500) problems.push(`${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  else if (expectRefusal && res.status < 400)
    problems.push(`${what} → accepted (${res.status}) ${JSON.stringify(res.body).slice(0, 200)}`);
  if (res.status >= 400) {
    const shape = ErrorObjectSchema.safeParse(res.body);
    const type = ERROR_TYPES[res.status as keyof typeof ERROR_TYPES];
    if (!shape.success || res.body.type !== type || !res.body.code || !res.body.message)
      problems.push(`${what} → ${res.status} not a Gigs error: ${JSON.stringify(res.body).slice(0, 300)}`);
  }
}

/** encodeURIComponent, except that lone surrogates (which it refuses) become U+FFFD. */
const enc = (s: string) =>
  encodeURIComponent(
    s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );

const short = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return (s ?? String(v)).length > 80 ? `${(s ?? '').slice(0, 80)}…(${(s ?? '').length})` : s;
};

describe('fuzzing every partner endpoint', () => {
  let stack: Stack;
  let ops: Operation[];
  let known: Record<string, string>;
  let clocks: TestClocks;

  const send = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    stack.api.raw(method.toUpperCase(), url, body, headers);

  beforeAll(async () => {
    stack = await startStack({ project: { billing: true } });
    clocks = new TestClocks(Object.values(stack.services) as RunningService[]);
    const doc = (await (await fetch(`${stack.gateway.url}/openapi.json`)).json()) as OpenApi;
    ops = operationsOf(doc);
    known = await seedProject(stack.api, doc);
    await clocks.settle(60_000);
  }, 180_000);

  afterAll(async () => {
    await clocks?.close();
    await stack?.stop();
    const file = path.join(os.tmpdir(), 'simline-fuzz-api-last.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ at: new Date().toISOString(), operations: ops?.length, ...stats, problems }, null, 2),
    );
  }, 60_000);

  it('covers every documented partner operation and a real resource of most kinds', () => {
    expect(ops.length).toBeGreaterThan(60);
    expect(known).toMatchObject({
      plan: expect.stringMatching(/^pln_/),
      user: expect.stringMatching(/^usr_/),
      subscription: expect.stringMatching(/^sub_/),
    });
  });

  it('refuses invalid input with a Gigs 4xx, and a refused request writes nothing', async () => {
    const before = await snapshot();
    for (const op of ops) {
      const url = fill(op.template, known);
      const label = `${op.method.toUpperCase()} ${op.template}`;
      const arbs: Array<fc.Arbitrary<() => Promise<void>>> = [];

      // Malformed ids in each path parameter (never a real or well-formed id).
      for (const p of op.params.filter((x) => x.in === 'path')) {
        arbs.push(
          nastyString()
            .filter((s) => s.trim() !== '' && !ID_LIKE.test(s) && !s.includes('/'))
            .map((bad) => async () => {
              const res = await send(
                op.method,
                fill(op.template, known, { [p.name]: enc(bad) }),
                op.body ? (op.body.example ?? {}) : undefined,
              );
              checkResponse(`${label} with ${p.name}=${short(bad)}`, res, true);
            }),
        );
      }
      // Bad pagination on lists.
      const q = new Set(op.params.filter((x) => x.in === 'query').map((x) => x.name));
      if (q.has('limit'))
        arbs.push(
          fc
            .constantFrom('-1', '201', 'abc', '1e3', '9'.repeat(30), '', '1.5', '0x10')
            .map((v) => async () => {
              checkResponse(`${label}?limit=${v}`, await send(op.method, `${url}?limit=${enc(v)}`), true);
            }),
        );
      for (const cursor of ['after', 'before'].filter((c) => q.has(c)))
        arbs.push(
          nastyString()
            .filter((s) => s.length > 0 && !ID_LIKE.test(s) && !/^[\w-]{1,64}$/.test(s))
            .map((v) => async () => {
              checkResponse(
                `${label}?${cursor}=${short(v)}`,
                await send(op.method, `${url}?${cursor}=${enc(v)}`),
                true,
              );
            }),
        );
      // Bodies that break the schema: one wrong-typed field, a missing required field, an unknown field, not an object.
      if (op.body) {
        const schema = op.body.schema as SchemaNode;
        const base = (
          op.body.example && typeof op.body.example === 'object' ? op.body.example : {}
        ) as Record<string, Json>;
        const props = schema.properties ?? {};
        const wrong = Object.entries(props).flatMap(([k, node]) =>
          wrongTypeValues(node).map((v) => [k, v] as const),
        );
        if (wrong.length)
          arbs.push(
            fc.constantFrom(...wrong).map(([k, v]) => async () => {
              checkResponse(
                `${label} {${k}: ${short(v)}}`,
                await send(op.method, url, { ...base, [k]: v }),
                true,
              );
            }),
          );
        for (const k of schema.required ?? [])
          arbs.push(
            fc.constant(async () => {
              const { [k]: _gone, ...rest } = base;
              checkResponse(`${label} without ${k}`, await send(op.method, url, rest), true);
            }),
          );
        if (schema.additionalProperties === false)
          arbs.push(
            fc
              .tuple(
                fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !(k in props)),
                anyJson(),
              )
              .map(([k, v]) => async () => {
                checkResponse(
                  `${label} with unknown ${short(k)}`,
                  await send(op.method, url, { ...base, [k]: v }),
                  true,
                );
              }),
          );
        arbs.push(
          // (A JSON `null` is a body too, and not an object: refused like the others.)
          fc.constantFrom<Json>('a string', 42, [base], true, -1e308, null).map((v) => async () => {
            checkResponse(
              `${label} body ${short(v)}`,
              await send(op.method, url, JSON.stringify(v), { 'content-type': 'application/json' }),
              true,
            );
          }),
        );
        arbs.push(
          fc.nat({ max: Math.max(0, JSON.stringify(base).length - 1) }).map((cut) => async () => {
            const text = JSON.stringify(base).slice(0, cut) || '{';
            checkResponse(
              `${label} truncated JSON ${short(text)}`,
              await send(op.method, url, text, { 'content-type': 'application/json' }),
              true,
            );
          }),
        );
        arbs.push(
          fc
            .constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/xml',
              'multipart/form-data; boundary=x',
            )
            .map((ct) => async () => {
              checkResponse(
                `${label} as ${ct}`,
                await send(op.method, url, 'name=x&amount=1', { 'content-type': ct }),
                true,
              );
            }),
        );
        arbs.push(
          fc.constant(async () => {
            checkResponse(
              `${label} 2 MB body`,
              await send(op.method, url, { ...base, padding: 'x'.repeat(2 * 1024 * 1024) }),
              true,
            );
          }),
        );
      }
      if (!arbs.length) continue;
      await fc.assert(
        fc.asyncProperty(fc.oneof(...arbs), async (run) => {
          stats.invalid++;
          await run();
        }),
        { numRuns: RUNS * Math.min(arbs.length, 4), endOnFailure: true },
      );
    }
    await clocks.settle(60_000);
    const after = await snapshot();
    expect({ problems: problems.slice(0, 40), count: problems.length }).toEqual({ problems: [], count: 0 });
    expect(changes(before, after)).toEqual([]);
    // The detector itself: one accepted request shows up in it (the check above can fail).
    expect((await stack.api.post('/users', { email: 'detector@example.com' })).status).toBe(201);
    await clocks.settle(60_000);
    expect(changes(after, await snapshot()).join('\n')).toMatch(/subscriptions\.users: \d+ → \d+ rows/);
  }, 600_000);

  it('answers hostile but well-formed input without a 5xx, and every 4xx is a Gigs error', async () => {
    problems.length = 0;
    // Moving the test clock to a random valid time is not an attack on input: left out.
    for (const op of ops.filter((o) => !o.template.startsWith('/clock'))) {
      const url = fill(op.template, known);
      const label = `${op.method.toUpperCase()} ${op.template}`;
      const arbs: Array<fc.Arbitrary<() => Promise<void>>> = [];
      const query = op.params.filter((x) => x.in === 'query').map((x) => x.name);
      arbs.push(
        fc
          .tuple(fc.constantFrom(...query, 'unknownParam', 'limit'), nastyString())
          .map(([k, v]) => async () => {
            checkResponse(
              `${label}?${k}=${short(v)}`,
              await send(
                op.method,
                `${url}?${enc(k)}=${enc(v)}`,
                op.body ? (op.body.example ?? {}) : undefined,
              ),
              false,
            );
          }),
      );
      if (op.body) {
        const base = (
          op.body.example && typeof op.body.example === 'object' ? op.body.example : {}
        ) as Record<string, Json>;
        const keys = Object.keys((op.body.schema as SchemaNode).properties ?? base);
        if (keys.length)
          arbs.push(
            fc
              .tuple(fc.constantFrom(...keys), fc.oneof(nastyString(), nastyNumber(), anyJson()))
              .map(([k, v]) => async () => {
                checkResponse(
                  `${label} {${k}: ${short(v)}}`,
                  await send(op.method, url, { ...base, [k]: v as Json }),
                  false,
                );
              }),
          );
        arbs.push(
          anyJson().map((v) => async () => {
            checkResponse(
              `${label} body ${short(v)}`,
              await send(op.method, url, JSON.stringify(v), { 'content-type': 'application/json' }),
              false,
            );
          }),
        );
      }
      await fc.assert(
        fc.asyncProperty(fc.oneof(...arbs), async (run) => {
          stats.hostile++;
          await run();
        }),
        { numRuns: RUNS * 2, endOnFailure: true },
      );
    }
    expect({ problems: problems.slice(0, 40), count: problems.length }).toEqual({ problems: [], count: 0 });
  }, 600_000);

  it('keeps the cases the fuzzer found (each was a 500, a non-Gigs error or an accepted bad id)', async () => {
    problems.length = 0;
    const cases: Array<[string, string, unknown?]> = [
      ['GET', '/invoices/a%00b'],
      ['GET', '/payments/%00'],
      ['DELETE', '/paymentMethods/a%00b'],
      ['POST', '/consentRequests/a%00b/fulfill', {}],
      ['POST', '/users', { email: 'nul\u0000@example.com' }],
      ['POST', '/plans', { name: 'x', metadata: { 'k\u0000': 'v' } }],
      ['GET', `/addons/${'x'.repeat(10_000)}`],
      ['GET', `/subscriptions/${'😀'.repeat(120)}`],
    ];
    for (const [method, path, body] of cases)
      checkResponse(`${method} ${path.slice(0, 60)}`, await send(method, path, body), true);
    const addons = await send('GET', `/subscriptions/${enc("'; DROP TABLE subscriptions; --")}/addons`);
    expect([addons.status, addons.body.code]).toEqual([404, 'subscriptionNotFound']);
    const nul = await send('GET', '/invoices/a%00b');
    expect([nul.status, nul.body.code]).toEqual([400, 'invalidCharacter']);
    const long = await fetch(
      `${stack.gateway.url}/projects/${stack.project}/plans?q=${'x'.repeat(100_000)}`,
      { headers: { authorization: `Bearer ${stack.api.key}` } },
    );
    expect([long.status, ((await long.json()) as { code: string }).code]).toEqual([
      431,
      'requestHeaderFieldsTooLarge',
    ]);
    expect(problems).toEqual([]);
  });

  it('refuses what the gateway sees first: no key, bad keys, odd paths and methods, with Gigs errors', async () => {
    problems.length = 0;
    const url = `${stack.gateway.url}/projects/${stack.project}/plans`;
    const raw = async (what: string, init: RequestInit & { url?: string }) => {
      const res = await fetch(init.url ?? url, init);
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON: reported below */
      }
      stats.invalid++;
      checkResponse(what, { status: res.status, body, headers: res.headers } as ApiResponse, true);
    };
    for (const auth of [
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${stack.api.key}x`,
      `bearer ${"' OR 1=1 --"}`,
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${'k'.repeat(5000)}`,
    ])
      await raw(`authorization ${short(auth)}`, { headers: auth ? { authorization: auth } : {} });
    for (const p of NASTY_STRINGS.filter((s) => s.trim() && !s.includes('/')).slice(0, 20))
      await raw(`project ${short(p)}`, {
        url: `${stack.gateway.url}/projects/${enc(p)}/plans`,
        headers: { authorization: `Bearer ${stack.api.key}` },
      });
    for (const method of ['PUT', 'PATCH', 'DELETE'])
      await raw(`${method} on a collection`, {
        method,
        headers: { authorization: `Bearer ${stack.api.key}`, 'content-type': 'application/json' },
        body: '{}',
      });
    await raw('a 100 kB path', {
      url: `${url}/${'x'.repeat(100_000)}`,
      headers: { authorization: `Bearer ${stack.api.key}` },
    });
    expect(problems).toEqual([]);
  }, 120_000);
});
