import type { Command } from 'commander';
import type { BillingSettings, Invoice, ListPage } from '@simline/contracts';
import { action as runBilling } from '../lib/action.js';
import { table } from '../lib/output.js';
import { callService } from './service-client.js';

const callBilling = <T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
  callService<T>('billing', method, path, body);

const p = (project: string) => `/projects/${encodeURIComponent(project)}`;

function printSettings(s: BillingSettings, json?: boolean): void {
  if (json) return console.log(JSON.stringify(s, null, 2));
  console.log(
    [
      `project                 ${s.project}`,
      `billing                 ${s.enabled ? 'on' : 'off'} (${s.currency})  (project settings: change them on the project)`,
      `retry schedule          ${s.retrySchedule.length ? s.retrySchedule.join(', ') : '(no retries)'}  after the due time`,
      `grace period            ${s.gracePeriod}`,
      `initial payment window  ${s.initialPaymentWindow}`,
      `updated                 ${s.updatedAt ?? 'never (defaults)'}`,
    ].join('\n'),
  );
}

interface SetOptions {
  project: string;
  retrySchedule?: string;
  gracePeriod?: string;
  initialPaymentWindow?: string;
  json?: boolean;
}

/** `ops billing settings show|set`, `ops billing invoices list|pay|void`. */
export function registerBilling(program: Command): void {
  const billing = program.command('billing').description('billing: dunning settings, invoices');
  const settings = billing.command('settings').description("a project's billing and dunning settings");

  settings
    .command('show')
    .description('billing on/off, currency, retry schedule, grace period')
    .requiredOption('--project <project>', 'the project')
    .option('--json', 'print the settings as JSON')
    .action(
      runBilling(async (opts: { project: string; json?: boolean }) =>
        printSettings(
          await callBilling<BillingSettings>('GET', `${p(opts.project)}/billingSettings`),
          opts.json,
        ),
      ),
    );

  settings
    .command('set')
    .description(
      'change the dunning settings (ISO-8601 durations; they apply to invoices finalized from now on)',
    )
    .requiredOption('--project <project>', 'the project')
    .option(
      '--retry-schedule <offsets>',
      'retry offsets after the due time, comma-separated, e.g. P1D,P3D,P5D ("none" for no retries)',
    )
    .option('--grace-period <duration>', 'the earliest an unpaid renewal is overdue, e.g. P7D')
    .option(
      '--initial-payment-window <duration>',
      'how long a first invoice waits for a working card, e.g. PT23H',
    )
    .option('--json', 'print the settings as JSON')
    .action(
      runBilling(async (opts: SetOptions) => {
        const body: Record<string, unknown> = {};
        if (opts.retrySchedule !== undefined) {
          body.retrySchedule =
            opts.retrySchedule === 'none'
              ? []
              : opts.retrySchedule
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean);
        }
        if (opts.gracePeriod !== undefined) body.gracePeriod = opts.gracePeriod;
        if (opts.initialPaymentWindow !== undefined) body.initialPaymentWindow = opts.initialPaymentWindow;
        if (!Object.keys(body).length)
          throw new Error(
            'nothing to change: give --retry-schedule, --grace-period or --initial-payment-window',
          );
        printSettings(
          await callBilling<BillingSettings>('PATCH', `${p(opts.project)}/billingSettings`, body),
          opts.json,
        );
      }),
    );

  const invoices = billing.command('invoices').description("a project's invoices");
  invoices
    .command('list')
    .description('invoices, newest first')
    .requiredOption('--project <project>', 'the project')
    .option('--subscription <id>', 'only this subscription')
    .option('--user <id>', 'only this user')
    .option('--status <status>', 'draft, finalized, paid or voided')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print the invoices as JSON')
    .action(
      runBilling(
        async (opts: {
          project: string;
          subscription?: string;
          user?: string;
          status?: string;
          limit: string;
          json?: boolean;
        }) => {
          const q = new URLSearchParams({ limit: opts.limit });
          for (const k of ['subscription', 'user', 'status'] as const) if (opts[k]) q.set(k, opts[k]!);
          const page = await callBilling<ListPage<Invoice>>('GET', `${p(opts.project)}/invoices?${q}`);
          if (opts.json) return console.log(JSON.stringify(page.items, null, 2));
          const head = [
            'id',
            'subscription',
            'reason',
            'period',
            'status',
            'total',
            'paid',
            'failed',
            'next attempt',
            'overdue',
          ];
          console.log(
            table(
              head,
              page.items.map((i) => [
                i.id,
                i.subscription ?? '',
                i.reason,
                i.period ? String(i.period.number) : '',
                i.status,
                `${i.total} ${i.currency}`,
                String(i.amountPaid),
                String(i.failedAttempts),
                i.nextPaymentAttemptAt ?? '',
                i.overdue ? 'yes' : '',
              ]),
            ),
          );
        },
      ),
    );
  for (const [name, description] of [
    ['pay', 'charge an open invoice now with the user’s default payment method'],
    ['void', 'void an open invoice (nothing is owed any more; retries stop)'],
  ] as const) {
    invoices
      .command(name)
      .description(description)
      .requiredOption('--project <project>', 'the project')
      .requiredOption('--invoice <id>', 'the invoice (inv_…)')
      .option('--json', 'print the invoice as JSON')
      .action(
        runBilling(async (opts: { project: string; invoice: string; json?: boolean }) => {
          const inv = await callBilling<Invoice>(
            'POST',
            `${p(opts.project)}/invoices/${encodeURIComponent(opts.invoice)}/${name}`,
          );
          if (opts.json) return console.log(JSON.stringify(inv, null, 2));
          console.log(
            `${inv.id}: ${inv.status}, paid ${inv.amountPaid} of ${inv.total} ${inv.currency}, ${inv.failedAttempts} failed attempt(s)`,
          );
        }),
      );
  }
}
