import { SingleBar, Presets } from 'cli-progress';
import Table from 'cli-table3';

/** Where a command writes: stdout for results (JSON or tables), stderr for progress and notes. */
export interface Output {
  json: boolean;
  out(line: string): void;
  note(line: string): void;
}

export function consoleOutput(json = false): Output {
  return {
    json,
    out: (line) => process.stdout.write(line + '\n'),
    note: (line) => process.stderr.write(line + '\n'),
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colourOn(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

/** A human table: coloured headings on a terminal, plain text in a pipe or under NO_COLOR. */
export function table(head: string[], rows: Array<Array<string | number | null | undefined>>): string {
  // Coloured here, not by cli-table3's styles: those follow its colour library's own detection, made once at load
  // from the environment (off in CI, under nohup), not this process's stream and NO_COLOR at the time of the call.
  const colour = colourOn();
  const t = new Table({
    head: colour ? head.map((h) => `\x1b[36m${h}\x1b[39m`) : head,
    style: { head: [], border: [] },
    wordWrap: true,
  });
  for (const r of rows) t.push(r.map((c) => (c === null || c === undefined ? '' : String(c))));
  return t.toString();
}

/**
 * A progress bar on stderr for long work, only on a terminal and never with --json. With an unknown total (0)
 * it counts what was done and the time taken; `format` replaces the line (cli-progress tokens and payload).
 */
export class Progress {
  private bar?: SingleBar;

  constructor(o: Output, label: string, total: number, format?: string) {
    if (o.json || !process.stderr.isTTY) return;
    this.bar = new SingleBar(
      {
        format:
          format ??
          (total > 0
            ? `${label} [{bar}] {percentage}% {value}/{total} {eta_formatted}`
            : `${label}: {value} so far, {duration_formatted}`),
        stream: process.stderr,
        hideCursor: true,
        barsize: 30,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0);
  }

  /** Whether anything is shown (a terminal, not --json): callers skip work that only feeds the bar. */
  get shown(): boolean {
    return this.bar !== undefined;
  }

  increment(n = 1): void {
    this.bar?.increment(n);
  }

  update(value: number, payload?: Record<string, unknown>): void {
    this.bar?.update(value, payload);
  }

  setTotal(total: number): void {
    this.bar?.setTotal(total);
  }

  stop(): void {
    this.bar?.stop();
  }
}

/** Thrown for a problem the operator can fix: printed without a stack, exit code 2. */
export class OpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsError';
  }
}

export function parseTime(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const relative = /^(\d+)([smhd])$/.exec(value);
  if (relative) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(Date.now() - Number(relative[1]) * unit);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new OpsError(
      `${name}: "${value}" is not a time (ISO-8601 such as 2026-11-22T10:00:00Z, or an age such as 30m, 2h, 7d).`,
    );
  return d;
}
