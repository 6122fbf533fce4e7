import type { Command } from 'commander';
import { action } from '../lib/action.js';
import { InternalApi } from '../lib/internal-api.js';
import { consoleOutput, OpsError, parseTime, table, type Output } from '../lib/output.js';
import type { ReplayReport, ReplayTarget } from '../replay/replay.js';

export function printReplay(o: Output, r: ReplayReport, showEvents: boolean): void {
  if (o.json) {
    o.out(JSON.stringify(r, null, 2));
    return;
  }
  if (showEvents && r.events.length) {
    o.out(
      table(
        ['published', 'type', 'subject', 'seq', 'project', 'id'],
        r.events.map((e) => [e.publishedAt, e.type, e.subject, e.sequence, e.project, e.id]),
      ),
    );
  }
  const window = `${r.since ?? 'the beginning'} → ${r.until ?? 'now'}`;
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  o.out(
    `${n(r.selected, 'event')} selected (published ${window}, of the ${n(r.types, 'event type')} the pattern matches), ` +
      `from ${r.source === 'kafka' ? 'Kafka' : 'the event log'}: ${r.scanned} read (${r.reason})` +
      (r.target ? `; ${r.written} written to ${r.target}` : '; dry run, nothing written'),
  );
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'replay the events of a publish-time window: to one consumer group, to a topic, or as a dry run',
    )
    .requiredOption('--topic <pattern>', "event types: 'subscription.*', '*' or an exact type")
    .option('--since <time>', 'from this publish time (ISO-8601, or an age such as 2h)')
    .option('--until <time>', 'to this publish time, exclusive (default: now)')
    .option('--subject <id>', 'only the events of this resource')
    .option('--project <project>', 'only this project')
    .option(
      '--to-group <group>',
      'make this consumer group (e.g. billing.subscriptions) see exactly these events, through its replay topic',
    )
    .option('--to-topic <topic>', 'write the events to this topic (created if missing)')
    .option('--dry-run', 'list the events, write nothing')
    .option(
      '--source <source>',
      'auto (Kafka when it still holds the window, else the event log), kafka or log',
      'auto',
    )
    .option('--json', 'print the report as JSON')
    .action(
      action(
        async (opts: {
          topic: string;
          since?: string;
          until?: string;
          subject?: string;
          project?: string;
          toGroup?: string;
          toTopic?: string;
          dryRun?: boolean;
          source: string;
          json?: boolean;
        }) => {
          const targets = [opts.toGroup, opts.toTopic, opts.dryRun].filter(Boolean).length;
          if (targets !== 1) throw new OpsError('Give exactly one of --to-group, --to-topic and --dry-run.');
          if (!['auto', 'kafka', 'log'].includes(opts.source))
            throw new OpsError('--source is auto, kafka or log.');
          const target: ReplayTarget = opts.toGroup
            ? { kind: 'group', group: opts.toGroup }
            : opts.toTopic
              ? { kind: 'topic', topic: opts.toTopic }
              : { kind: 'dryRun' };
          const o = consoleOutput(opts.json);
          // Kafka is loaded on first use, so that `ops --help` stays quick.
          const [{ createKafka }, { Replayer }] = await Promise.all([
            import('@simline/messaging'),
            import('../replay/replay.js'),
          ]);
          const report = await new Replayer(
            () => new InternalApi(),
            () => createKafka('simline-ops'),
            o,
          ).run({
            pattern: opts.topic,
            since: parseTime(opts.since, '--since'),
            until: parseTime(opts.until, '--until') ?? new Date(),
            subject: opts.subject,
            project: opts.project,
            target,
            source: opts.source as 'auto' | 'kafka' | 'log',
          });
          printReplay(o, report, Boolean(opts.dryRun));
        },
      ),
    );
}
