import type { Command } from 'commander';
import { callAdmin, runAdmin } from './projects-client.js';

interface TestClock {
  project: string;
  now: string;
  target: string;
  status: 'ready' | 'advancing';
}

const line = (c: TestClock) =>
  `${c.project}: ${c.now} (${c.status}${c.status === 'advancing' ? ` to ${c.target}` : ''})`;

/** `ops clock show|advance`: a sandbox project's test clock, through the gateway's admin API. */
export function registerClock(program: Command): void {
  const clock = program.command('clock').description("a sandbox project's test clock");

  clock
    .command('show')
    .description('simulated now and status')
    .requiredOption('--project <project>', 'the sandbox project')
    .action(
      runAdmin(async (o: { project: string }) =>
        console.log(
          line(await callAdmin<TestClock>('GET', `/admin/projects/${encodeURIComponent(o.project)}/clock`)),
        ),
      ),
    );

  clock
    .command('advance')
    .description('move the clock forward; everything due on the way fires in order')
    .requiredOption('--project <project>', 'the sandbox project')
    .requiredOption('--to <iso>', 'ISO-8601 time, e.g. 2026-12-01T00:00:00Z')
    .action(
      runAdmin(async (o: { project: string; to: string }) => {
        const c = await callAdmin<TestClock>(
          'POST',
          `/admin/projects/${encodeURIComponent(o.project)}/clock/advance`,
          { to: o.to },
        );
        console.log(line(c));
        if (c.status === 'advancing')
          console.error('still advancing; `ops clock show` reports ready once it is done');
      }),
    );
}
