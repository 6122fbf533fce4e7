import { afterEach, describe, expect, it } from '@jest/globals';
import type { Command } from 'commander';
import { consoleOutput, Progress, table } from '../lib/output.js';
import { buildProgram } from '../program.js';

const leaves = (c: Command, path: string[] = []): Array<{ path: string; command: Command }> =>
  c.commands.length
    ? c.commands.flatMap((s) => leaves(s, [...path, s.name()]))
    : [{ path: path.join(' '), command: c }];

const ESC = '\u001b[';

describe('the ops CLI', () => {
  const tty = { out: process.stdout.isTTY, err: process.stderr.isTTY, noColor: process.env.NO_COLOR };
  afterEach(() => {
    process.stdout.isTTY = tty.out;
    process.stderr.isTTY = tty.err;
    if (tty.noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = tty.noColor;
  });

  it('offers --json on every command', () => {
    const all = leaves(buildProgram());
    expect(all.length).toBeGreaterThan(30);
    const without = all.filter((l) => !l.command.options.some((o) => o.long === '--json')).map((l) => l.path);
    expect(without).toEqual([]);
  });

  it('colours tables only on a terminal, and never under NO_COLOR', () => {
    const render = () => table(['id', 'status'], [['sub_1', 'active']]);
    process.stdout.isTTY = false;
    delete process.env.NO_COLOR;
    expect(render()).not.toContain(ESC);
    expect(render()).toContain('sub_1');
    process.stdout.isTTY = true;
    expect(render()).toContain(ESC);
    process.env.NO_COLOR = '1';
    expect(render()).not.toContain(ESC);
  });

  it('shows progress only on a terminal and never with --json', () => {
    process.stderr.isTTY = false;
    expect(new Progress(consoleOutput(false), 'x', 10).shown).toBe(false);
    process.stderr.isTTY = true;
    expect(new Progress(consoleOutput(true), 'x', 10).shown).toBe(false);
    const write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      const p = new Progress(consoleOutput(false), 'x', 10);
      expect(p.shown).toBe(true);
      p.stop();
    } finally {
      process.stderr.write = write;
    }
  });
});
