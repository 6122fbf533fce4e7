import type { Command } from 'commander';
import { action } from '../lib/action.js';
import { consoleOutput, OpsError, table, type Output } from '../lib/output.js';
import type { DeadLetterDesk, LetterView } from '../dlq/dead-letters.js';

async function withDesk(fn: (desk: DeadLetterDesk) => Promise<void>, o?: Output): Promise<void> {
  // Kafka and BullMQ are loaded on first use, so that `ops --help` stays quick.
  const [{ createKafka }, { createRedis }, { DeadLetterDesk }] = await Promise.all([
    import('@simline/messaging'),
    import('@simline/scheduling'),
    import('../dlq/dead-letters.js'),
  ]);
  const redis = createRedis(undefined, { maxRetriesPerRequest: 3 });
  try {
    await fn(new DeadLetterDesk(createKafka('simline-ops'), redis, o));
  } finally {
    redis.disconnect();
  }
}

const payload = (l: LetterView) => {
  if (!l.value) return null;
  try {
    return JSON.parse(l.value) as unknown;
  } catch {
    return l.value;
  }
};

function printLetters(o: Output, letters: LetterView[]): void {
  if (o.json) {
    o.out(
      JSON.stringify(
        letters.map((l) => ({ ...l, value: undefined, payload: payload(l) })),
        null,
        2,
      ),
    );
    return;
  }
  o.out(
    letters.length
      ? table(
          ['offset', 'failed at', 'error', 'event', 'subject', 'attempts', 'redriven', 'message'],
          letters.map((l) => [
            l.offset,
            l.failedAt,
            l.errorCode,
            l.event?.type ?? '(not an event)',
            l.event?.subject ?? l.key,
            l.attempts,
            l.redrivenAt ?? '',
            l.errorMessage.slice(0, 120),
          ]),
        )
      : 'no dead letters',
  );
}

export function registerDlq(program: Command): void {
  const dlq = program.command('dlq').description('dead letters by consumer group: list, show, redrive');
  dlq
    .command('list')
    .description('dead-letter queues with their counts, or the letters of one group')
    .argument('[group]', 'a consumer group, e.g. billing.subscriptions')
    .option('--json', 'print JSON')
    .action(
      action(async (group: string | undefined, opts: { json?: boolean }) => {
        const o = consoleOutput(opts.json);
        await withDesk(async (desk) => {
          if (group) return printLetters(o, await desk.letters(group));
          const qs = await desk.queues();
          if (o.json) return o.out(JSON.stringify(qs, null, 2));
          o.out(
            qs.length
              ? table(
                  ['group', 'dead letters', 'redriven', 'topic'],
                  qs.map((q) => [q.group, q.count, q.redriven, q.topic]),
                )
              : 'no dead-letter queues',
          );
        });
      }),
    );
  dlq
    .command('show')
    .description('one dead letter: its error, where it came from, its headers and payload')
    .argument('<group>', 'the consumer group')
    .argument('<offset>', 'its offset in the dead-letter topic (from `dlq list <group>`)')
    .option('--json', 'print JSON')
    .action(
      action(async (group: string, offset: string, opts: { json?: boolean }) => {
        const o = consoleOutput(opts.json);
        await withDesk(async (desk) => {
          const l = await desk.letter(group, offset);
          if (o.json) return o.out(JSON.stringify({ ...l, value: undefined, payload: payload(l) }, null, 2));
          o.out(
            [
              `dead letter ${l.topic}@${l.offset} of ${l.group}`,
              `error:     ${l.errorCode}: ${l.errorMessage}`,
              `from:      ${l.sourceTopic} partition ${l.sourcePartition} offset ${l.sourceOffset}, after ${l.attempts} attempt(s), at ${l.failedAt}`,
              `event:     ${l.event ? `${l.event.type} ${l.event.id} of ${l.event.subject} (project ${l.event.project})` : '(not an event envelope)'}`,
              `key:       ${l.key ?? ''}`,
              `redriven:  ${l.redrivenAt ?? 'no'}`,
              `headers:   ${JSON.stringify(l.headers)}`,
              `payload:\n${JSON.stringify(payload(l), null, 2)}`,
            ].join('\n'),
          );
        });
      }),
    );
  dlq
    .command('redrive')
    .description(
      "put dead letters back before their group alone (after a fix), on the group's replay topic",
    )
    .argument('<group>', 'the consumer group')
    .option('--offset <offsets...>', 'the letters to redrive')
    .option('--all', 'every letter of the group not redriven yet')
    .option('--again', 'with --all: also those redriven before')
    .option('--json', 'print JSON')
    .action(
      action(
        async (
          group: string,
          opts: { offset?: string[]; all?: boolean; again?: boolean; json?: boolean },
        ) => {
          if (Boolean(opts.offset?.length) === Boolean(opts.all))
            throw new OpsError('Give --offset N… or --all.');
          const o = consoleOutput(opts.json);
          await withDesk(async (desk) => {
            const sent = await desk.redrive(group, {
              offsets: opts.offset,
              all: opts.all,
              again: opts.again,
            });
            if (o.json)
              return o.out(
                JSON.stringify(
                  { redriven: sent.map((l) => ({ offset: l.offset, to: l.sourceTopic, event: l.event })) },
                  null,
                  2,
                ),
              );
            o.out(
              sent.length
                ? `redrove ${sent.length} dead letter(s): ${sent.map((l) => `${l.offset} → ${l.sourceTopic}`).join(', ')}`
                : 'nothing to redrive',
            );
          }, o);
        },
      ),
    );
}
