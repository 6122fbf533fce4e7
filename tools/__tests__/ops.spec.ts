import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error a plain ES module of the tools, without types
import { isStale } from '../stale.mjs';

const TO = '2027-01-01T00:00:00.000Z';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A checkout of its own (.simline/ empty) that shares this one's apps, libs and node_modules. */
function checkout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simline-ops-'));
  fs.cpSync(path.join(ROOT, 'tools'), path.join(dir, 'tools'), {
    recursive: true,
    filter: (p) => !p.includes('__tests__'),
  });
  for (const d of ['apps', 'libs', 'node_modules']) fs.symlinkSync(path.join(ROOT, d), path.join(dir, d));
  return dir;
}

function ops(dir: string, args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  for (const k of [
    'GATEWAY_URL',
    'KAFKA_BROKERS',
    'ADMIN_TOKEN',
    'INTERNAL_TOKEN',
    'NO_COLOR',
    'FORCE_COLOR',
  ])
    delete base[k];
  const child = spawn(process.execPath, [path.join(dir, 'tools/ops.mjs'), ...args], {
    env: { ...base, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (status) => resolve({ status, stdout, stderr })),
  );
}

describe('npm run ops (tools/ops.mjs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = checkout();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says in one line to run `npm start` when the stack is stopped, and starts nothing', async () => {
    const r = await ops(dir, ['projects', 'list']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('npm start');
    // No infrastructure state: nothing was installed or started for this checkout.
    for (const server of ['pg', 'redis', 'kafka', 'smtp'])
      expect(fs.existsSync(path.join(dir, '.simline', server))).toBe(false);
  });

  it('answers --help without a stack', async () => {
    const r = await ops(dir, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('reconcile');
    expect(r.stdout).toContain('clock');
  });

  describe('with a running stack', () => {
    let server: http.Server;
    const seen: Array<string | undefined> = [];
    beforeAll(async () => {
      const from = Date.parse('2026-12-01T00:00:00.000Z');
      let now = from;
      server = http.createServer((req, res) => {
        seen.push(req.headers.authorization);
        res.setHeader('content-type', 'application/json');
        if (req.headers.authorization !== 'Bearer the-admin-token') {
          res.statusCode = 401;
          return res.end(JSON.stringify({ object: 'error', code: 'adminTokenRequired', message: 'No.' }));
        }
        const clock = (status: string, target: string) =>
          JSON.stringify({ project: 'demo', now: new Date(now).toISOString(), target, status });
        if (req.url === '/admin/projects/demo/clock') return res.end(clock('advancing', TO));
        if (req.url === '/admin/projects/demo/clock/advance') {
          // An advance that takes a while, the clock moving on the way (what the progress bar reads).
          now = from + (Date.parse(TO) - from) / 2;
          setTimeout(() => {
            now = Date.parse(TO);
            res.end(clock('ready', TO));
          }, 1500);
          return;
        }
        res.end(
          JSON.stringify({
            items: [
              {
                id: 'demo',
                name: 'Demo',
                sandbox: true,
                settings: {
                  billing: { enabled: true, currency: 'USD' },
                  emails: { enabled: false, from: null },
                },
                createdAt: '2026-12-01T00:00:00.000Z',
              },
            ],
          }),
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const run = path.join(dir, '.simline', 'run');
      fs.mkdirSync(run, { recursive: true });
      // As `npm start` leaves them: its pid (a live process: this one) and the environment it ran with.
      fs.writeFileSync(path.join(run, 'stack.pid'), String(process.pid));
      fs.writeFileSync(
        path.join(run, 'stack-env.json'),
        JSON.stringify({ GATEWAY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
      );
      fs.writeFileSync(path.join(dir, '.simline', 'admin-token'), 'the-admin-token\n');
    });
    afterAll(() => new Promise((r) => server.close(r)));

    /** The CLI on a terminal (a pseudo-terminal from util-linux `script`), its output as the terminal shows it. */
    const onTerminal = (args: string[], env: Record<string, string> = {}) =>
      new Promise<{ status: number | null; out: string }>((resolve) => {
        const cmd = [process.execPath, path.join(dir, 'tools/ops.mjs'), ...args]
          .map((a) => `'${a}'`)
          .join(' ');
        const base = { ...process.env };
        for (const k of ['GATEWAY_URL', 'KAFKA_BROKERS', 'ADMIN_TOKEN', 'INTERNAL_TOKEN', 'NO_COLOR'])
          delete base[k];
        const child = spawn('script', ['-qec', cmd, '/dev/null'], {
          env: { ...base, TERM: 'xterm', ...env },
        });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.on('exit', (status) => resolve({ status, out }));
      });

    it('shows a progress bar while the clock advances on a terminal, and none with --json', async () => {
      const shown = await onTerminal(['clock', 'advance', '--project', 'demo', '--to', TO]);
      expect(shown.status).toBe(0);
      expect(shown.out).toContain("advancing demo's clock [");
      expect(shown.out).toContain(`demo: ${TO} (ready)`);
      const json = await onTerminal(['clock', 'advance', '--project', 'demo', '--to', TO, '--json']);
      expect(json.status).toBe(0);
      expect(json.out).not.toContain('advancing');
      expect(JSON.parse(json.out)).toMatchObject({ now: TO, status: 'ready' });
    });

    it('reaches it with its recorded environment; --json is one JSON document', async () => {
      const r = await ops(dir, ['projects', 'list', '--json']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ id: 'demo', sandbox: true })]);
      expect(seen.at(-1)).toBe('Bearer the-admin-token');
    });

    it('says which token to export when the gateway refuses the admin token (a stack such as docker compose)', async () => {
      const r = await ops(dir, ['projects', 'list'], { ADMIN_TOKEN: 'another-stacks-token' });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('refused the admin token: export the ADMIN_TOKEN it runs with');
    });

    it('prints tables without colour codes into a pipe', async () => {
      const r = await ops(dir, ['projects', 'list']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('demo');
      expect(r.stdout).not.toContain('\u001b[');
    });
  });
});

describe('the build check of tools/ops.mjs', () => {
  it('finds a project stale when a source is newer than its output or has none', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simline-stale-'));
    try {
      fs.mkdirSync(path.join(dir, 'src/__tests__'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'dist'));
      fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export const a = 1;');
      fs.writeFileSync(path.join(dir, 'src/__tests__/a.spec.ts'), '');
      expect(isStale(dir)).toBe(true);
      fs.writeFileSync(path.join(dir, 'dist/a.js'), 'export const a = 1;');
      const t = Date.now() / 1000;
      fs.utimesSync(path.join(dir, 'src/a.ts'), t - 10, t - 10);
      fs.utimesSync(path.join(dir, 'dist/a.js'), t - 5, t - 5);
      expect(isStale(dir)).toBe(false);
      fs.utimesSync(path.join(dir, 'src/a.ts'), t, t);
      expect(isStale(dir)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
