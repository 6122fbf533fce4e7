import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { baseConfigSchema, loadConfig } from '../config.js';

// Secrets come only from the environment (docs/reliability.md): a service refuses to boot without them, and no
// source file of a service or library carries one, or a fallback for one.
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../..');
const env = { REDIS_URL: 'redis://127.0.0.1:6379', KAFKA_BROKERS: '127.0.0.1:9092' };

/** Every source file of apps/ and libs/ that ships (tests, test support and OpenAPI examples excluded). */
function shippedSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!['__tests__', 'node_modules', 'dist'].includes(e.name)) walk(p);
      } else if (e.name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(e.name) && !/(docs|examples)\.ts$/.test(e.name)) out.push(p);
    }
  };
  for (const top of ['apps', 'libs'])
    for (const project of fs.readdirSync(path.join(ROOT, top))) {
      // libs/testing is test support: its fixed test keys never reach a running service.
      if (top === 'libs' && project === 'testing') continue;
      const src = path.join(ROOT, top, project, 'src');
      if (fs.existsSync(src)) walk(src);
    }
  return out;
}

describe('secrets only from the environment', () => {
  it('a service refuses to boot without an internal token, or with a short one, naming the variable', () => {
    expect(() => loadConfig(baseConfigSchema, env)).toThrow(/INTERNAL_TOKEN/);
    expect(() => loadConfig(baseConfigSchema, { ...env, INTERNAL_TOKEN: 'short' })).toThrow(/at least 16/);
    expect(loadConfig(baseConfigSchema, { ...env, INTERNAL_TOKEN: 'x'.repeat(16) }).INTERNAL_TOKEN).toBe('x'.repeat(16));
  });

  it('no shipped source falls back to a literal for a secret variable, or carries a key-looking literal', () => {
    const files = shippedSources();
    expect(files.length).toBeGreaterThan(100);
    const secretVar = /\b[A-Z_]*(TOKEN|SECRET|PASSWORD|PIN_ENCRYPTION_KEY|API_KEY)\b['"]?\]?\s*(\?\?|\|\|)\s*['"`][^'"`]/;
    const keyLiteral = /['"`](whsec_[A-Za-z0-9+/=]{16,}|sk_(live|test)_[A-Za-z0-9]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----)/;
    const found: string[] = [];
    for (const file of files) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (secretVar.test(line) || keyLiteral.test(line)) found.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('the scan can fail: it finds the patterns it looks for', () => {
    const secretVar = /\b[A-Z_]*(TOKEN|SECRET|PASSWORD|PIN_ENCRYPTION_KEY|API_KEY)\b['"]?\]?\s*(\?\?|\|\|)\s*['"`][^'"`]/;
    expect(secretVar.test(`const t = process.env.INTERNAL_TOKEN ?? 'dev-token';`)).toBe(true);
    expect(secretVar.test(`const t = process.env['ADMIN_TOKEN'] || "x";`)).toBe(true);
    expect(secretVar.test(`const t = process.env.INTERNAL_TOKEN ?? '';`)).toBe(false);
  });
});
