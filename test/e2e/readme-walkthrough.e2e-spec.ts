import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from './support/stack.js';

/** The README's shell blocks between the walkthrough markers, in order, exactly as a reader pastes them. */
function walkthrough(): string {
  const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
  const part = readme.slice(
    readme.indexOf('<!-- walkthrough:start -->'),
    readme.indexOf('<!-- walkthrough:end -->'),
  );
  const blocks = [...part.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  return blocks.join('\n');
}

/**
 * The README's "Call the API" walk-through, run as written against a stack (the only difference from a reader's
 * machine: GATEWAY_URL points at this test's gateway, which the blocks honour); one shell, no waits added.
 */
describe('the README walk-through', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      services: ['plans', 'subscriptions', 'billing', 'events'],
      project: { id: 'readme-stack' },
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('goes from zero to a subscription renewed on a test clock, with its invoices, payments and events', async () => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', walkthrough()], {
      env: { ...process.env, GATEWAY_URL: stack.gateway.url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, stderr: code === 0 ? '' : stderr, stdout: code === 0 ? '' : stdout }).toEqual({
      code: 0,
      stderr: '',
      stdout: '',
    });

    expect(stdout).toContain('created project demo (demo), sandbox with a test clock');
    expect(stdout).toMatch(/^available$/m);
    expect(stdout).toMatch(/^ready$/m);
    expect(stdout).toMatch(/^active, period 2$/m);
    expect(stdout.match(/^inv_\S+ paid 999 USD$/gm)).toHaveLength(2);
    expect(stdout.match(/^pay_\S+ succeeded 999$/gm)).toHaveLength(2);
    for (const type of ['subscription.created', 'subscription.activated', 'subscription.renewed'])
      expect(stdout).toMatch(new RegExp(`^\\S+ ${type.replace('.', '\\.')}$`, 'm'));
  }, 240_000);
});
