import type { Command } from 'commander';
import { RECONCILE_KINDS, type ReconcileKind } from '../lib/reconcile-kinds.js';
import { action } from '../lib/action.js';
import { InternalApi } from '../lib/internal-api.js';
import { consoleOutput, OpsError, table, type Output } from '../lib/output.js';
import type { Finding } from '../reconcile/compare.js';
import type { ReconcileReport } from '../reconcile/reconcile.js';
import { printUsageReconcile, reconcileUsage } from '../reconcile/usage.js';

export function printReconcile(o: Output, r: ReconcileReport): void {
  if (o.json) {
    o.out(JSON.stringify(r, null, 2));
    return;
  }
  const scope = r.project ? `project ${r.project}` : 'all projects';
  o.out(
    `${r.aggregate} (${r.service}), ${scope}: ${r.events} event(s) folded; ${r.resources.owner} resource(s) at the owner, ${r.resources.log} in the log${r.acknowledgedGaps ? `; ${r.acknowledgedGaps} acknowledged gap(s)` : ''}`,
  );
  const rows = (fs: Finding[]) =>
    table(
      ['finding', 'resource', 'project', 'detail'],
      fs.map((f) => [f.kind, f.id, f.project, f.detail]),
    );
  if (r.before && r.repair) {
    o.out(`\nfound before repair (${r.before.length}):\n${rows(r.before)}`);
    o.out(
      `\nrepair: ${r.repair.backfilled} event(s) put back from Kafka; ${r.repair.republished.length} resource(s) re-emitted by ${r.service}` +
        `${r.repair.republished.length ? ` (${r.repair.republished.join(', ')})` : ''}; ${r.repair.acknowledged.length} lost gap(s) acknowledged` +
        `${r.repair.acknowledged.length ? ` (${r.repair.acknowledged.map((a) => `${a.id}#${a.sequences.join(',')}`).join('; ')})` : ''}`,
    );
  }
  o.out(
    r.findings.length
      ? `\n${r.before ? 'left after repair' : 'findings'} (${r.findings.length}):\n${rows(r.findings)}`
      : '\nclean: the log and the owner agree',
  );
}

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description(
      'fold the events of a resource type into the state they imply and compare with its owning service',
    )
    .argument(
      '<kind>',
      `one of ${Object.keys(RECONCILE_KINDS).join(', ')}, usage (balances against their records)`,
    )
    .option('--project <project>', 'only this project')
    .option('--subscription <id>', 'usage only: only this subscription')
    .option(
      '--repair',
      're-ingest events Kafka still holds, have owners re-emit states no event announced, acknowledge lost sequences',
    )
    .option('--source <source>', 'fold the event log (log, default) or what Kafka retains (kafka)', 'log')
    .option('--json', 'print the report as JSON')
    .action(
      action(
        async (
          kind: string,
          opts: { project?: string; subscription?: string; repair?: boolean; source: string; json?: boolean },
        ) => {
          if (kind === 'usage') {
            const r = await reconcileUsage(new InternalApi(), opts);
            printUsageReconcile(consoleOutput(opts.json), r);
            if (r.differences.length && !r.repaired) process.exitCode = 1;
            return;
          }
          if (opts.source !== 'log' && opts.source !== 'kafka')
            throw new OpsError('--source is log or kafka.');
          if (!(kind in RECONCILE_KINDS))
            throw new OpsError(
              `Unknown kind "${kind}": use one of ${Object.keys(RECONCILE_KINDS).join(', ')}.`,
            );
          const o = consoleOutput(opts.json);
          // Kafka is loaded on first use, so that `ops --help` stays quick.
          const [{ createKafka }, { Reconciler }] = await Promise.all([
            import('@simline/messaging'),
            import('../reconcile/reconcile.js'),
          ]);
          const report = await new Reconciler(new InternalApi(), () => createKafka('simline-ops'), o).run({
            kind: kind as ReconcileKind,
            project: opts.project,
            repair: opts.repair,
          });
          printReconcile(o, report);
          if (report.findings.length) process.exitCode = 1;
        },
      ),
    );
}
