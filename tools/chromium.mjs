#!/usr/bin/env node
// Debian's chromium for browser tests (playwright-core drives it; Playwright's own browser downloads cannot
// be fetched here). `ensureChromium()` installs the package with apt when /usr/bin/chromium is missing, with
// a bound on the time it may take, and returns the executable's path. Shared by every browser test.
//
//   node tools/chromium.mjs          install if missing, print the path
//   import { ensureChromium, CHROMIUM_ARGS } from '../../tools/chromium.mjs'
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a quiet, isolated headless run: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** CHROMIUM_ARGS plus a fresh profile directory of its own. */
export function chromiumArgs() {
  return [...CHROMIUM_ARGS, `--user-data-dir=${mkdtempSync(path.join(tmpdir(), 'simline-chromium-'))}`];
}

const log = (msg) => process.stderr.write(`[chromium] ${msg}\n`);

function run(cmd, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    log(`$ ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    let tail = '';
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s\n${tail}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      log(`${cmd} exited ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${tail}`));
    });
  });
}

let pending;

/**
 * The path of a usable chromium, installing Debian's package when it is missing (apt-get update, then
 * install; at most `timeoutMs` each). Concurrent callers in one process share one install; apt's own lock
 * serialises separate processes.
 */
export function ensureChromium({ timeoutMs = 8 * 60_000 } = {}) {
  if (existsSync(CHROMIUM_PATH)) return Promise.resolve(CHROMIUM_PATH);
  pending ??= (async () => {
    log(`${CHROMIUM_PATH} is missing; installing Debian's chromium package`);
    const lock = ['-o', 'DPkg::Lock::Timeout=300'];
    await run('apt-get', [...lock, 'update'], timeoutMs);
    await run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', 'chromium'], timeoutMs);
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} does not exist`);
    log(`installed ${CHROMIUM_PATH}`);
    return CHROMIUM_PATH;
  })();
  return pending;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureChromium().then(
    (p) => console.log(p),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
