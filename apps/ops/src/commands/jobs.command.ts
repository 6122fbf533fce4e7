import type { Command } from 'commander';
import type { ServiceName } from '@simline/contracts';
import type { AggregateSnapshot, ScheduledWork } from '@simline/platform';
import { action } from '../lib/action.js';
import { InternalApi, type ServiceKey } from '../lib/internal-api.js';
import { consoleOutput, table, type Output } from '../lib/output.js';
import type { OpsJobs, PendingJob } from '../lib/scheduler.js';

// BullMQ is loaded on first use, so that `ops --help` stays quick.
const loadJobs = () => import('../lib/scheduler.js').then((m) => m.OpsJobs);

/**
 * Jobs whose existence their owner's state fully describes (`scheduled` of its aggregate): one of these that
 * the owner does not expect any more (the retry of a voided or paid invoice) would do nothing, and is not
 * listed, as `explain` does not list it.
 */
const DERIVED_JOBS = new Set(['payment.retry', 'invoice.overdue']);

interface OwnerState {
  project: string;
  scheduled?: ScheduledWork[];
}

/** The finalized invoices of a subscription (those that may have dunning work), as billing holds them. */
async function openInvoicesOf(api: InternalApi, project: string, subscription: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page: { items: Array<{ id: string; status: string }>; moreItemsAfter: string | null } | null = await api
      .find<{ items: Array<{ id: string; status: string }>; moreItemsAfter: string | null }>(
        'billing',
        `/projects/${encodeURIComponent(project)}/invoices?subscription=${encodeURIComponent(subscription)}&limit=200${after ? `&after=${after}` : ''}`,
      )
      .catch(() => null);
    if (!page) break;
    ids.push(...page.items.filter((i) => i.status === 'finalized').map((i) => i.id));
    after = page.moreItemsAfter;
  } while (after);
  return ids;
}

/**
 * The pending jobs that concern one resource: named by it (id or payload), or the ones its owner says it has.
 * A subscription's include the dunning work of its invoices (billing's payment retries and overdue declarations).
 */
export async function jobsOfResource(
  jobs: OpsJobs,
  api: InternalApi,
  id: string,
  queue?: string,
): Promise<{ project: string | null; jobs: PendingJob[]; expected: ScheduledWork[] }> {
  const { aggregateOfId } = await import('../lib/aggregates.js'); // the catalogue: loaded on first use
  const info = aggregateOfId(id);
  const ownerState = (service: ServiceKey, type: string, of: string) =>
    api
      .find<AggregateSnapshot & OwnerState>(service, `/internal/aggregates/${type}/${encodeURIComponent(of)}`)
      .catch(() => null);
  const state = await ownerState(info.service, info.type, id);
  const project = state?.project ?? null;
  const expected = [...(state?.scheduled ?? [])];
  const named = [id];
  if (info.type === 'subscription' && project) {
    for (const invoice of await openInvoicesOf(api, project, id)) {
      named.push(invoice);
      expected.push(...((await ownerState('billing', 'invoice', invoice))?.scheduled ?? []));
    }
  }
  const all = await jobs.pending({ queue: (await loadJobs()).queue(queue), ...(project ? { project } : {}) });
  const ids = new Set(expected.map((w) => w.id));
  // Without the owner's answer, every job naming the resource is shown (nothing says which are stale).
  const concerns = (j: PendingJob) =>
    ids.has(j.id) || ((!state || !DERIVED_JOBS.has(j.name)) && named.some((n) => j.id.includes(n)));
  return { project, expected, jobs: all.filter(concerns) };
}

function printJobs(o: Output, list: PendingJob[], expected: ScheduledWork[] = []): void {
  if (o.json) {
    o.out(JSON.stringify({ jobs: list, expected }, null, 2));
    return;
  }
  o.out(
    list.length
      ? table(
          ['due', 'queue', 'job', 'id', 'project', 'state'],
          list.map((j) => [j.dueAt, j.queue, j.name, j.id, j.project, j.state]),
        )
      : 'no pending jobs',
  );
  const missing = expected.filter((w) => !list.some((j) => j.id === w.id));
  if (missing.length)
    o.out(
      `missing (the owner's database says these should exist; \`ops jobs reschedule\` re-creates them):\n${table(
        ['due', 'job', 'id'],
        missing.map((w) => [w.dueAt, w.job, w.id]),
      )}`,
    );
}

export function registerJobs(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('scheduled work: renewals, cut-offs, expiries, retries, webhook deliveries');
  jobs
    .command('list')
    .description('pending jobs with their due times (BullMQ and test clocks)')
    .option('--subscription <id>', 'only the jobs of this subscription')
    .option('--resource <id>', 'only the jobs of this resource (any id: inv_…, csr_…, prt_…)')
    .option('--queue <queue>', 'only this queue (renewals, cutoffs, paymentRetries, …)')
    .option('--project <project>', 'only this project')
    .option('--limit <n>', 'at most this many per queue', '1000')
    .option('--json', 'print JSON')
    .action(
      action(
        async (opts: {
          subscription?: string;
          resource?: string;
          queue?: string;
          project?: string;
          limit: string;
          json?: boolean;
        }) => {
          const o = consoleOutput(opts.json);
          const OpsJobs = await loadJobs();
          const j = new OpsJobs();
          try {
            const id = opts.subscription ?? opts.resource;
            if (id) {
              const r = await jobsOfResource(j, new InternalApi(), id, opts.queue);
              printJobs(o, r.jobs, r.expected);
            } else {
              printJobs(
                o,
                await j.pending({
                  queue: OpsJobs.queue(opts.queue),
                  project: opts.project,
                  limit: Number(opts.limit),
                }),
              );
            }
          } finally {
            await j.close();
          }
        },
      ),
    );
  jobs
    .command('reschedule')
    .description('ask every service to re-create, from its database, the jobs that should exist')
    .option('--json', 'print JSON')
    .action(
      action(async (opts: { json?: boolean }) => {
        const o = consoleOutput(opts.json);
        const api = new InternalApi();
        const rows: Array<{ service: ServiceName; server: string; worker: string }> = [];
        const { SERVICES } = await import('@simline/contracts');
        for (const service of SERVICES) {
          const cell = async (role: 'server' | 'worker') => {
            const r = await api.tryPost<{ rescheduled?: boolean; message?: string }>(
              service as ServiceKey,
              '/internal/jobs/reschedule',
              {},
              role,
            );
            if (!r) return 'not running';
            return r.status === 200 ? 'rescheduled' : `failed (${r.status} ${r.body?.message ?? ''})`.trim();
          };
          rows.push({ service, server: await cell('server'), worker: await cell('worker') });
        }
        o.out(
          o.json
            ? JSON.stringify(rows, null, 2)
            : table(
                ['service', 'server', 'worker'],
                rows.map((r) => [r.service, r.server, r.worker]),
              ),
        );
        if (rows.some((r) => r.server.startsWith('failed') || r.worker.startsWith('failed')))
          process.exitCode = 1;
      }),
    );
}
