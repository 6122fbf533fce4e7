#!/usr/bin/env node
// `npm run ops -- …`: the ops CLI with the local stack's environment (or the one you export).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, stackEnv } from './stack.mjs';

const env = { ...(await stackEnv({ quiet: true })), QUIET: '1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
await new Promise((resolve, reject) => {
  const b = spawn(process.execPath, [path.join(REPO_ROOT, 'tools/build.mjs')], { stdio: 'inherit', env });
  b.on('exit', (code) => (code === 0 ? resolve() : reject(new Error('build failed'))));
});
const child = spawn(process.execPath, ['--enable-source-maps', path.join(REPO_ROOT, 'apps/ops/dist/main.js'), ...process.argv.slice(2)], { stdio: 'inherit', env });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
