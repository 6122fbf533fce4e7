import type { Command } from 'commander';
import { action } from '../lib/action.js';
import { InternalApi } from '../lib/internal-api.js';
import { consoleOutput, table, type Output } from '../lib/output.js';
import type { Explanation } from '../explain/explain.js';
import { printUsage } from '../explain/usage.js';
import { planChangeText } from '../explain/plan-change.text.js';

const KEY_FIELDS = [
  'status',
  'cancellationDetails',
  'canceledAt',
  'endedAt',
  'currentPeriod',
  'overdue',
  'failedAttempts',
  'amountRemaining',
  'total',
  'phoneNumber',
  'type',
];

export function printExplanation(o: Output, x: Explanation): void {
  if (o.json) {
    o.out(JSON.stringify(x, null, 2));
    return;
  }
  o.out(`${x.aggregate} ${x.id}${x.project ? ` (project ${x.project})` : ''}, owned by ${x.service}`);
  if (x.state) {
    const fields = KEY_FIELDS.filter((k) => x.state!.data[k] !== undefined && x.state!.data[k] !== null).map(
      (k) => `${k}=${JSON.stringify(x.state!.data[k])}`,
    );
    if (x.state.data.planChange) fields.push(planChangeText(x.state.data.planChange));
    o.out(`now: sequence ${x.state.sequence}; ${fields.join('  ')}`);
  } else o.out(`now: unknown (${x.stateNote})`);
  o.out(`\nhistory (${x.history.length} event(s), its own and those naming it):`);
  o.out(
    x.history.length
      ? table(
          ['time', 'event', 'resource', 'seq', 'what'],
          x.history.map((h) => [h.time, h.type, h.subject, h.sequence, h.summary]),
        )
      : '  none in the event log',
  );
  if (x.why.length)
    o.out(
      `\nwhy (the latest change and the latest cancellation, each followed by its causes):\n${x.why.map((w) => `  ${w}`).join('\n')}`,
    );
  if (x.usage) printUsage(o, x.usage);
  o.out(`\npending jobs: ${x.jobs.length ? '' : 'none'}`);
  if (x.jobs.length)
    o.out(
      table(
        ['due', 'job', 'id', 'state'],
        x.jobs.map((j) => [j.dueAt, j.name, j.id, j.state]),
      ),
    );
  if (x.missingJobs.length)
    o.out(
      `missing jobs (run \`ops jobs reschedule\`): ${x.missingJobs.map((w) => `${w.job} ${w.id} due ${w.dueAt}`).join('; ')}`,
    );
  o.out(`dead letters: ${x.deadLetters.length ? '' : 'none'}`);
  if (x.deadLetters.length)
    o.out(
      table(
        ['group', 'offset', 'failed at', 'error', 'event'],
        x.deadLetters.map((d) => [
          d.group,
          d.offset,
          d.failedAt,
          `${d.errorCode}: ${d.errorMessage}`,
          d.event,
        ]),
      ),
    );
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description(
      'everything about one resource: its state, its event history, its pending jobs and dead letters',
    )
    .argument('<id>', 'a resource id: sub_…, prt_…, inv_…, csr_…, pln_…')
    .option('--limit <n>', 'show at most the last N events', '200')
    .option('--json', 'print JSON')
    .action(
      action(async (id: string, opts: { limit: string; json?: boolean }) => {
        // Loaded on first use, so that `ops --help` stays quick.
        const [{ createKafka }, { OpsJobs }, { explain }] = await Promise.all([
          import('@simline/messaging'),
          import('../lib/scheduler.js'),
          import('../explain/explain.js'),
        ]);
        const jobs = new OpsJobs();
        try {
          printExplanation(
            consoleOutput(opts.json),
            await explain(
              id,
              { api: new InternalApi(), jobs, kafka: createKafka('simline-ops') },
              { limit: Number(opts.limit) },
            ),
          );
        } finally {
          await jobs.close();
        }
      }),
    );
}
