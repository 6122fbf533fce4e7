import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm run deploy:check', () => {
  it('installs nothing: without a Compose implementation it fails and says how to get one', () => {
    // A PATH with node alone: no docker, no docker-compose, no apt-get.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'simline-path-'));
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    try {
      const r = spawnSync(
        process.execPath,
        [path.join(ROOT, 'tools/deploy-check.mjs'), '--only', 'compose'],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, PATH: bin },
        },
      );
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('neither `docker compose` nor docker-compose runs here');
      expect(r.stdout).toContain('--install');
      expect(r.stdout).not.toContain('installing');
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
