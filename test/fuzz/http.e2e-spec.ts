import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ERROR_TYPES, ErrorObjectSchema } from '@simline/contracts';
import { TestClocks, type RunningService } from '@simline/testing';
import { startStack, type Stack } from '../e2e/support/stack.js';
import { rawHttp } from './support/raw-http.js';
import { fill, operationsOf, seedProject, type OpenApi, type Operation } from './support/seed.js';

// The HTTP-level classes the schema fuzzer (api.e2e-spec.ts) does not reach, on every partner operation of the
// OpenAPI document (issue 17): content-type parameters and casing, an empty body with a JSON type, malformed
// percent-escapes in query and path, nesting depth, raw request lines (absolute form, odd spacing), concurrent
// identical requests, and webhook destinations in reserved ranges or names resolving to them. Counted: responses
// >= 500 and hangs (no answer in HANG_MS), both must be 0; every 4xx must be a Gigs error with the request id.
const HANG_MS = 15_000;
const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'Application/JSON',
  'APPLICATION/JSON ; charset="utf-8"',
  'application/vnd.api+json',
];
const BAD_ESCAPES = ['%', '%ff', '%E0%A4%A', '%zz', '%C0%AF'];
const DEPTHS = [64, 5_000, 20_000];
const RESERVED_URLS = [
  'https://0.0.0.0/h',
  'https://10.0.0.1/h',
  'https://100.64.0.1/h',
  'https://127.0.0.1/h',
  'https://169.254.169.254/latest',
  'https://172.16.0.1/h',
  'https://192.0.0.1/h',
  'https://192.0.2.1/h',
  'https://192.88.99.1/h',
  'https://192.168.0.1/h',
  'https://198.18.0.1/h',
  'https://198.51.100.1/h',
  'https://203.0.113.1/h',
  'https://224.0.0.1/h',
  'https://255.255.255.255/h',
  'https://[::1]/h',
  'https://[::]/h',
  'https://[::ffff:127.0.0.1]/h',
  'https://[::ffff:203.0.113.9]/h',
  'https://[64:ff9b::a00:1]/h',
  'https://[2001:db8::1]/h',
  'https://[2001::1]/h',
  'https://[2002:a00:1::]/h',
  'https://[fc00::1]/h',
  'https://[fe80::1]/h',
  'https://[ff02::1]/h',
  'https://2130706433/h',
  'https://0x7f.0.0.1/h',
  'http://localhost/h',
  `http://${os.hostname()}/h`,
];

interface Answer {
  status: number;
  body: unknown;
}

const stats = {
  requests: 0,
  fiveHundreds: 0,
  hangs: 0,
  operations: 0,
  statuses: {} as Record<string, number>,
  /** Statuses per class of input (the first word of each label after the operation). */
  byClass: {} as Record<string, Record<string, number>>,
};
let currentClass = '';
const problems: string[] = [];

describe('fuzzing the HTTP layer of every partner operation', () => {
  let stack: Stack;
  let ops: Operation[];
  let known: Record<string, string>;
  let clocks: TestClocks;

  /** One request through the gateway, bounded in time; 5xx, hangs and non-Gigs 4xx are recorded as problems. */
  async function call(
    what: string,
    method: string,
    url: string,
    body?: string,
    headers: Record<string, string> = {},
    expectRefusal = false,
  ): Promise<Answer | undefined> {
    stats.requests++;
    let res: Response;
    try {
      res = await fetch(`${stack.gateway.url}/projects/${stack.project}${url}`, {
        method,
        headers: { authorization: `Bearer ${stack.api.key}`, ...headers },
        body,
        signal: AbortSignal.timeout(HANG_MS),
      });
    } catch (err) {
      stats.hangs++;
      problems.push(`${what} → no answer (${(err as Error).name}: ${(err as Error).message})`);
      return undefined;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* reported below when it is an error */
    }
    record(what, res.status, parsed, expectRefusal);
    return { status: res.status, body: parsed };
  }

  function record(what: string, status: number, body: unknown, expectRefusal: boolean): void {
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    const byClass = (stats.byClass[currentClass] ??= {});
    byClass[status] = (byClass[status] ?? 0) + 1;
    // A JSON type in any spelling, and an empty body with one, are never why a request is refused.
    const message = (body as { message?: unknown } | undefined)?.message;
    if ((currentClass === 'content-type' || currentClass === 'empty JSON body') && status === 415)
      problems.push(`${what} → 415: the JSON type was not recognised`);
    if (typeof message === 'string' && /Unknown fields: type, data/.test(message))
      problems.push(`${what} → the empty body was forwarded as a serialised Buffer`);
    if (status >= 500) {
      stats.fiveHundreds++;
      problems.push(`${what} → ${status} ${JSON.stringify(body).slice(0, 200)}`);
    } else if (expectRefusal && status < 400) {
      problems.push(`${what} → accepted (${status})`);
    }
    if (status >= 400 && body !== undefined) {
      const b = body as { type?: string; requestId?: string };
      const shaped = ErrorObjectSchema.safeParse(body).success;
      if (!shaped || b.type !== ERROR_TYPES[status as keyof typeof ERROR_TYPES] || !b.requestId)
        problems.push(
          `${what} → ${status} not a Gigs error with a request id: ${JSON.stringify(body).slice(0, 200)}`,
        );
    }
  }

  beforeAll(async () => {
    stack = await startStack({ project: { billing: true } });
    clocks = new TestClocks(Object.values(stack.services) as RunningService[]);
    const doc = (await (await fetch(`${stack.gateway.url}/openapi.json`)).json()) as OpenApi;
    ops = operationsOf(doc);
    known = await seedProject(stack.api, doc);
  }, 180_000);

  afterAll(async () => {
    await clocks?.close();
    await stack?.stop();
    fs.writeFileSync(
      path.join(os.tmpdir(), 'simline-fuzz-http-last.json'),
      JSON.stringify({ at: new Date().toISOString(), ...stats, problems }, null, 2),
    );
  }, 60_000);

  /** A body for an operation: its example (an empty object for the clock: moving time is not under test). */
  const bodyOf = (op: Operation): string | undefined =>
    op.body ? JSON.stringify(op.template.startsWith('/clock') ? {} : (op.body.example ?? {})) : undefined;

  /** The operation's URL with a malformed escape in its first path parameter (or its last segment). */
  const withBadPath = (op: Operation, bad: string): string =>
    op.template.includes('{')
      ? fill(op.template.replace(/\{\w+\}/, bad), known)
      : `${fill(op.template, known)}${bad}`;

  it('answers every operation, whatever the HTTP layer carries, without a 5xx or a hang', async () => {
    expect(ops.length).toBeGreaterThan(60);
    const { host } = new URL(stack.gateway.url);
    for (const op of ops) {
      stats.operations++;
      const method = op.method.toUpperCase();
      const url = fill(op.template, known);
      const label = `${method} ${op.template}`;
      const body = bodyOf(op);
      const sendsBody = method !== 'GET' && method !== 'HEAD';

      // Content-type parameters and casing, on the operation's own (valid) body.
      currentClass = 'content-type';
      if (body && sendsBody)
        for (const ct of CONTENT_TYPES)
          await call(`${label} as ${ct}`, method, url, body, { 'content-type': ct });
      // An empty body with a JSON type: no body.
      currentClass = 'empty JSON body';
      if (sendsBody) {
        await call(`${label} empty JSON body`, method, url, '', { 'content-type': 'application/json' });
        await call(`${label} empty JSON body; charset`, method, url, '', {
          'content-type': 'application/json; charset=utf-8',
        });
      }
      // Malformed percent-escapes in the query and in the path: always refused.
      currentClass = 'malformed escape';
      const json: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
      for (const bad of BAD_ESCAPES) {
        await call(`${label}?limit=${bad}`, method, `${url}?limit=${bad}`, body, json, true);
        await call(`${label}?${bad}=1`, method, `${url}?${bad}=1`, body, json, true);
      }
      for (const bad of BAD_ESCAPES.slice(0, 3))
        await call(`${label} path ${bad}`, method, withBadPath(op, bad), body, json, true);
      // Nesting depth, as the whole body and under the first field: always refused.
      currentClass = 'nesting';
      if (sendsBody) {
        const field = Object.keys(op.body?.example ?? {})[0] ?? 'metadata';
        for (const depth of DEPTHS) {
          const arr = '['.repeat(depth) + ']'.repeat(depth);
          const obj = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
          await call(
            `${label} ${depth}-deep array`,
            method,
            url,
            arr,
            { 'content-type': 'application/json' },
            true,
          );
          await call(
            `${label} ${depth}-deep field`,
            method,
            url,
            `{"${field}":${obj}}`,
            {
              'content-type': 'application/json',
            },
            true,
          );
        }
      }
      // Raw request lines: absolute form (with this and another authority) and odd spacing.
      currentClass = 'raw request line';
      const target = `/projects/${stack.project}${url}`;
      const rest = `Host: ${host}\r\nAuthorization: Bearer ${stack.api.key}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
      for (const line of [
        `${method} http://${host}${target} HTTP/1.1`,
        `${method} http://elsewhere.example${target}?limit=1 HTTP/1.1`,
        `${method}  ${target} HTTP/1.1`,
        `${method} ${target}  HTTP/1.1`,
        `${method} ${target} HTTP/1.1 `,
        `${method}\t${target} HTTP/1.1`,
      ]) {
        stats.requests++;
        try {
          const res = await rawHttp(stack.gateway.url, `${line}\r\n${rest}`, HANG_MS);
          const at = res.text.indexOf('\r\n\r\n');
          let parsed: unknown;
          try {
            parsed = at >= 0 && res.text.slice(at + 4) ? JSON.parse(res.text.slice(at + 4)) : undefined;
          } catch {
            parsed = res.text.slice(at + 4);
          }
          if (res.status === 0)
            problems.push(`raw ${JSON.stringify(line.slice(0, 60))} → closed without an answer`);
          else record(`raw ${JSON.stringify(line.slice(0, 60))}`, res.status, parsed, false);
        } catch (err) {
          stats.hangs++;
          problems.push(`raw ${JSON.stringify(line.slice(0, 60))} → ${(err as Error).message}`);
        }
      }
      // Two identical requests at once (as a retrying client sends them).
      currentClass = 'concurrent identical';
      await Promise.all([0, 1].map(() => call(`${label} twice at once`, method, url, body, json)));
    }
    expect({
      problems: problems.slice(0, 40),
      count: problems.length,
      fiveHundreds: stats.fiveHundreds,
      hangs: stats.hangs,
    }).toEqual({
      problems: [],
      count: 0,
      fiveHundreds: 0,
      hangs: 0,
    });
  }, 300_000);

  it('refuses webhook destinations in reserved ranges and names resolving to them, at creation and on update', async () => {
    problems.length = 0;
    currentClass = 'reserved destination';
    const endpoint = await call(
      'create a public endpoint',
      'POST',
      '/webhookEndpoints',
      JSON.stringify({
        url: 'https://93.184.216.34/h',
        enabledEvents: ['user.*'],
      }),
      { 'content-type': 'application/json' },
    );
    expect(endpoint?.status).toBe(201);
    const id = (endpoint?.body as { id: string }).id;
    for (const url of RESERVED_URLS) {
      const json = { 'content-type': 'application/json' };
      await call(
        `create ${url}`,
        'POST',
        '/webhookEndpoints',
        JSON.stringify({ url, enabledEvents: ['user.*'] }),
        json,
        true,
      );
      await call(`move to ${url}`, 'PATCH', `/webhookEndpoints/${id}`, JSON.stringify({ url }), json, true);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
