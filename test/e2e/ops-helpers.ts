import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { registerDlq } from '../../apps/ops/src/commands/dlq.command.js';
import { registerExplain } from '../../apps/ops/src/commands/explain.command.js';
import { registerJobs } from '../../apps/ops/src/commands/jobs.command.js';
import { registerReconcile } from '../../apps/ops/src/commands/reconcile.command.js';
import { registerReplay } from '../../apps/ops/src/commands/replay.command.js';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs ops commands in this process, through commander as `npm run ops -- …` would, capturing what they print
 * (a child process would cost seconds of module loading on a busy machine).
 */
export async function runOps(...args: string[]): Promise<CliResult> {
  const program = new Command('ops').exitOverride();
  for (const register of [registerReplay, registerReconcile, registerDlq, registerJobs, registerExplain])
    register(program);
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const before = process.exitCode;
  process.exitCode = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => (
    (stdout += chunk.toString()),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    (stderr += chunk.toString()),
    true
  )) as typeof process.stderr.write;
  try {
    await program.parseAsync(['node', 'ops', ...args]);
    return { status: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = before;
  }
}

/** The built CLI in a child process (asynchronously: the services it calls may run in this process). */
export async function spawnOps(...args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, ['apps/ops/dist/main.js', ...args], { env: process.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  clearTimeout(timer);
  return { status: status ?? -1, stdout, stderr };
}

/** Sets environment variables for this test file; the returned function puts the previous values back. */
export function setEnv(vars: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
