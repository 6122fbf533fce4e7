import type { Command } from 'commander';
import { consoleOutput, Progress, type Output } from '../lib/output.js';
import { callAdmin, runAdmin } from './projects-client.js';

interface TestClock {
  project: string;
  now: string;
  target: string;
  status: 'ready' | 'advancing';
}

const line = (c: TestClock) =>
  `${c.project}: ${c.now} (${c.status}${c.status === 'advancing' ? ` to ${c.target}` : ''})`;

const clockPath = (project: string) => `/admin/projects/${encodeURIComponent(project)}/clock`;

/**
 * An advance answers once everything due on the way has fired, which can take many seconds: on a terminal, the
 * simulated time reached so far is shown as a bar, read from the clock while the advance runs.
 */
async function advanceWithProgress(o: Output, project: string, to: string): Promise<TestClock> {
  const post = () => callAdmin<TestClock>('POST', `${clockPath(project)}/advance`, { to });
  const progress = new Progress(
    o,
    'advancing',
    100,
    `advancing ${project}'s clock [{bar}] {percentage}% {now} {duration_formatted}`,
  );
  const target = Date.parse(to);
  if (!progress.shown || Number.isNaN(target)) return post();
  const from = Date.parse((await callAdmin<TestClock>('GET', clockPath(project))).now);
  const advance = post();
  let done = false;
  void advance.finally(() => (done = true)).catch(() => undefined);
  const watch = (async () => {
    while (!done) {
      await Promise.race([new Promise((r) => setTimeout(r, 500)), advance.catch(() => undefined)]);
      const c = await callAdmin<TestClock>('GET', clockPath(project)).catch(() => null);
      if (c && target > from && !done)
        progress.update(Math.round(((Date.parse(c.now) - from) / (target - from)) * 100), { now: c.now });
    }
  })();
  try {
    return await advance;
  } finally {
    await watch;
    progress.stop();
  }
}

/** `ops clock show|advance`: a sandbox project's test clock, through the gateway's admin API. */
export function registerClock(program: Command): void {
  const clock = program.command('clock').description("a sandbox project's test clock");

  clock
    .command('show')
    .description('simulated now and status')
    .requiredOption('--project <project>', 'the sandbox project')
    .option('--json', 'print the clock as JSON')
    .action(
      runAdmin(async (o: { project: string; json?: boolean }) => {
        const c = await callAdmin<TestClock>('GET', clockPath(o.project));
        console.log(o.json ? JSON.stringify(c, null, 2) : line(c));
      }),
    );

  clock
    .command('advance')
    .description('move the clock forward; everything due on the way fires in order')
    .requiredOption('--project <project>', 'the sandbox project')
    .requiredOption('--to <iso>', 'ISO-8601 time, e.g. 2026-12-01T00:00:00Z')
    .option('--json', 'print the clock as JSON')
    .action(
      runAdmin(async (o: { project: string; to: string; json?: boolean }) => {
        const out = consoleOutput(o.json);
        const c = await advanceWithProgress(out, o.project, o.to);
        out.out(o.json ? JSON.stringify(c, null, 2) : line(c));
        if (c.status === 'advancing')
          out.note('still advancing; `ops clock show` reports ready once it is done');
      }),
    );
}
