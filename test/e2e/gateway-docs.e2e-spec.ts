import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { EVENT_TYPES, QUEUE_NAMES_FOR_DOCS } from './support/docs-expectations.js';
import { CHROMIUM_ARGS, ensureChromium } from '../../tools/chromium.mjs';
import { undocumentedRoutes } from '@simline/platform';
import { partnerClient, startStack, STACK_SERVICES, type Stack } from './support/stack.js';

type OpenApi = {
  paths: Record<string, Record<string, { summary?: string; operationId?: string; responses?: Record<string, unknown> }>>;
  components: Record<string, unknown>;
  security: unknown[];
};

// The partner documentation (OpenAPI, Swagger UI in a real browser, AsyncAPI), the queue dashboard behind
// the admin credential, and the ops CLI for projects, keys and clocks, all against the running stack.
describe('gateway: docs, queue dashboard and ops', () => {
  let stack: Stack;
  let browser: BrowserContext;
  let profile: string;
  let openapi: OpenApi;

  beforeAll(async () => {
    const executablePath = await ensureChromium(); // installs Debian's chromium on a fresh machine
    stack = await startStack();
    openapi = (await (await fetch(`${stack.gateway.url}/openapi.json`)).json()) as OpenApi;
    profile = mkdtempSync(join(tmpdir(), 'simline-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      httpCredentials: { username: 'admin', password: process.env.ADMIN_TOKEN! },
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.stop();
  }, 60_000);

  it('/openapi.json holds every service’s partner endpoints, the clock endpoints, bearer auth and Gigs errors', async () => {
    let fromServices = 0;
    for (const service of STACK_SERVICES) {
      const res = await fetch(`${stack.services[service]!.url}/internal/openapi`, {
        headers: { 'x-simline-internal-token': process.env.INTERNAL_TOKEN! },
      });
      const own = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
      // Generated from the controllers: no partner route without an operation, no operation without a route.
      expect({ service, ...undocumentedRoutes(stack.services[service]!.app, own.paths) }).toEqual({ service, withoutOperation: [], withoutRoute: [] });
      for (const [path, ops] of Object.entries(own.paths)) {
        for (const method of Object.keys(ops)) {
          expect({ path, method, inMerged: Boolean(openapi.paths[path]?.[method]) }).toEqual({
            path,
            method,
            inMerged: true,
          });
          fromServices++;
        }
      }
    }
    expect(fromServices).toBeGreaterThan(20);
    // The gateway's own partner endpoints (the test clock) are generated from its controllers too.
    const gateway = (await (
      await fetch(`${stack.gateway.url}/internal/openapi`, { headers: { 'x-simline-internal-token': process.env.INTERNAL_TOKEN! } })
    ).json()) as { paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { content?: { 'application/json'?: { example?: unknown } } }> }>> };
    expect(undocumentedRoutes(stack.gateway.app, gateway.paths)).toEqual({ withoutOperation: [], withoutRoute: [] });
    expect(Object.keys(gateway.paths).sort()).toEqual(['/projects/{project}/clock', '/projects/{project}/clock/advance']);
    expect([openapi.paths['/projects/{project}/clock']?.get?.operationId, openapi.paths['/projects/{project}/clock/advance']?.post?.operationId]).toEqual([
      'retrieveTestClock',
      'advanceTestClock',
    ]);
    expect(gateway.paths['/projects/{project}/clock/advance']!.post!.responses!['200']!.content!['application/json']!.example).toMatchObject({ object: 'testClock' });
    expect(openapi).toMatchObject({
      openapi: '3.1.0',
      security: [{ bearer: [] }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    });
    expect(openapi).not.toHaveProperty('x-simline-unavailable');
    for (const ops of Object.values(openapi.paths))
      for (const op of Object.values(ops))
        expect(Object.keys(op.responses ?? {})).toEqual(expect.arrayContaining(['401', '404', '429', '503']));
  });

  it('/docs renders in a headless browser and lists every partner endpoint', async () => {
    const expected = Object.entries(openapi.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const page = await browser.newPage();
    await page.goto(`${stack.gateway.url}/docs`);
    await page.waitForSelector('.opblock', { timeout: 30_000 });
    await expect(page.title()).resolves.toBe('Simline API');
    const shown = await page.$$eval('.opblock', (blocks) =>
      blocks.map(
        (b) =>
          `${b.querySelector('.opblock-summary-method')?.textContent?.trim()} ${b.querySelector('[data-path]')?.getAttribute('data-path')}`,
      ),
    );
    expect([...new Set(shown)].sort()).toEqual(expected);
    expect(await page.textContent('.info .title')).toContain('Simline API');
    await page.close();
  }, 60_000);

  it('/asyncapi.json describes every topic of the event catalogue', async () => {
    const doc = (await (await fetch(`${stack.gateway.url}/asyncapi.json`)).json()) as {
      asyncapi: string;
      channels: Record<string, unknown>;
    };
    expect(doc.asyncapi).toMatch(/^3\./);
    expect(Object.keys(doc.channels)).toHaveLength(EVENT_TYPES.length);
  });

  it('/admin/queues needs the admin credential and shows every queue', async () => {
    const refused = await fetch(`${stack.gateway.url}/admin/queues`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Basic');
    expect(await refused.json()).toMatchObject({ object: 'error', code: 'adminTokenRequired' });
    const withPartnerKey = await fetch(`${stack.gateway.url}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${stack.api.key}` },
    });
    expect(withPartnerKey.status).toBe(401);
    const api = await fetch(`${stack.gateway.url}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${process.env.ADMIN_TOKEN}` },
    });
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: Array<{ name: string }> };
    expect(queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES_FOR_DOCS].sort());
    expect(queues.map((q) => q.name)).not.toContain('testing-reminders');

    const page = await browser.newPage();
    await page.goto(`${stack.gateway.url}/admin/queues`);
    // The dashboard (a single-page app) renders every queue of the registry.
    for (const name of QUEUE_NAMES_FOR_DOCS) await page.getByText(name, { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.close();
  }, 60_000);

  it('ops manages projects, keys and clocks through the admin API', async () => {
    const OPS = join(process.cwd(), 'apps/ops/dist/main.js');
    const ops = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [OPS, ...args],
          { env: { ...process.env, GATEWAY_URL: stack.gateway.url }, timeout: 30_000 },
          (err, stdout, stderr) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });

    const created = await ops(
      'projects',
      'create',
      'acme',
      '--sandbox',
      '--billing',
      '--currency',
      'eur',
      '--emails',
      '--from',
      'hello@acme.test',
      '--brand',
      'Acme',
      '--support',
      '+1 206 555 0100',
    );
    expect([created.code, created.stderr]).toEqual([0, '']);
    expect(created.stdout).toContain('brand Acme; support +1 206 555 0100');
    expect(created.stdout).toContain('created project acme (acme), sandbox with a test clock');
    expect(created.stdout).toContain('billing on, EUR; e-mails on, from hello@acme.test');
    const dup = await ops('projects', 'create', 'acme');
    expect([dup.code, dup.stderr.trim()]).toEqual([
      1,
      'error: 409 projectExists: A project with this id already exists.',
    ]);
    const updated = await ops('projects', 'update', 'acme', '--no-billing', '--name', 'Acme Mobile');
    expect(updated.stdout).toContain('updated project acme (Acme Mobile)');
    expect(updated.stdout).toContain('billing off');
    const listed = JSON.parse((await ops('projects', 'list', '--json')).stdout) as Array<{ id: string }>;
    expect(listed.map((p) => p.id)).toEqual(expect.arrayContaining(['acme', 'demo']));

    const key = await ops('keys', 'create', '--project', 'acme', '--name', 'ci');
    expect(key.code).toBe(0);
    const secret = key.stdout.trim().split('\n').pop()!;
    expect(secret).toMatch(/^slk_[0-9A-Za-z]{40}$/);
    const acme = partnerClient(stack.gateway.url, secret, 'acme');
    expect((await acme.get('/plans?limit=1')).status).toBe(200);
    const keys = JSON.parse((await ops('keys', 'list', '--project', 'acme', '--json')).stdout) as Array<
      Record<string, unknown>
    >;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      project: 'acme',
      name: 'ci',
      status: 'active',
      redacted: `slk_…${secret.slice(-4)}`,
    });
    expect(JSON.stringify(keys)).not.toContain(secret);

    const shown = await ops('clock', 'show', '--project', 'acme');
    const now = /acme: (\S+) \(ready\)/.exec(shown.stdout)![1]!;
    const to = new Date(new Date(now).getTime() + 86_400_000).toISOString();
    expect((await ops('clock', 'advance', '--project', 'acme', '--to', to)).stdout.trim()).toBe(
      `acme: ${to} (ready)`,
    );
    expect((await acme.get('/clock')).body).toMatchObject({ now: to, status: 'ready' });
    // --json: one JSON document on stdout.
    expect(JSON.parse((await ops('clock', 'show', '--project', 'acme', '--json')).stdout)).toMatchObject({
      project: 'acme',
      now: to,
      status: 'ready',
    });
    const later = new Date(new Date(to).getTime() + 3_600_000).toISOString();
    const advanced = await ops('clock', 'advance', '--project', 'acme', '--to', later, '--json');
    expect([advanced.code, advanced.stderr]).toEqual([0, '']);
    expect(JSON.parse(advanced.stdout)).toMatchObject({ now: later, status: 'ready' });

    const revoked = await ops('keys', 'revoke', keys[0]!.id as string, '--json');
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: keys[0]!.id, status: 'revoked' });
    expect((await acme.get('/plans?limit=1')).status).toBe(401);
  }, 120_000);
});
