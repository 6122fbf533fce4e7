import type { Command } from 'commander';
import type { AnyEventEnvelope } from '@simline/contracts';

/** One readable line per event. */
export function formatEvent(e: AnyEventEnvelope): string {
  const data = e.data as { status?: string };
  const status = data.status ? ` status=${data.status}` : '';
  const prev = e.previousData ? ` changed=${Object.keys(e.previousData).join(',')}` : '';
  return `${e.time}  ${e.type.padEnd(30)} ${e.subject}  seq=${e.sequence}  project=${e.project}${status}${prev}`;
}

export function registerTail(program: Command): void {
  program
    .command('tail')
    .description(
      "print events as they arrive, one line each (pattern: 'subscription.*', '*', or an exact type)",
    )
    .argument('<pattern>', 'event type or wildcard')
    .option('--from-beginning', 'start at the oldest event Kafka still holds')
    .option('--project <project>', 'only this project')
    .option('--subject <id>', 'only the events of this resource')
    .option('--json', 'print each envelope as JSON')
    .action(
      async (
        pattern: string,
        opts: { fromBeginning?: boolean; project?: string; subject?: string; json?: boolean },
      ) => {
        // Loaded on first use, so that `ops --help` stays quick.
        const [{ eventTypesMatching }, { createKafka, EventTap }] = await Promise.all([
          import('@simline/contracts'),
          import('@simline/messaging'),
        ]);
        const types = eventTypesMatching(pattern);
        if (!types.length) {
          console.error(`No event type matches "${pattern}".`);
          process.exit(2);
        }
        const tap = new EventTap(createKafka('simline-ops-tail'), {
          types,
          fromBeginning: Boolean(opts.fromBeginning),
          groupId: `ops.tail.${process.pid}.${Date.now()}`,
        });
        tap.onMessage((m) => {
          if (!m.event) {
            console.log(
              `${new Date(m.timestamp).toISOString()}  (not a valid event on ${m.topic} at ${m.partition}/${m.offset})`,
            );
            return;
          }
          if (opts.project && m.event.project !== opts.project) return;
          if (opts.subject && m.event.subject !== opts.subject) return;
          console.log(opts.json ? JSON.stringify(m.event) : formatEvent(m.event));
        });
        await tap.start();
        // On stderr, so that `--json` output stays one envelope per line.
        console.error(
          `tailing ${types.length} topic(s) matching ${pattern}${opts.project ? ` in project ${opts.project}` : ''}${opts.subject ? ` for ${opts.subject}` : ''}; Ctrl-C to stop`,
        );
        const stop = async () => {
          await tap.stop();
          process.exit(0);
        };
        process.on('SIGINT', () => void stop());
        process.on('SIGTERM', () => void stop());
      },
    );
}
