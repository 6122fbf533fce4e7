import type { Command } from 'commander';
import type { ListPage, Sim } from '@simline/contracts';
import { registerNumbers } from './numbers.command.js';
import { action as run } from '../lib/action.js';
import { OpsError, table } from '../lib/output.js';
import { callService, valuesFrom } from './service-client.js';

const callSubscriptions = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
  callService<T>('subscriptions', method, path, body);

function printSims(sims: Sim[], json?: boolean): void {
  if (json) return console.log(JSON.stringify(sims, null, 2));
  console.log(
    table(
      ['id', 'iccid', 'type', 'provider', 'status', 'created'],
      sims.map((s) => [s.id, s.iccid, s.type, s.provider, s.status, s.createdAt]),
    ),
  );
}

/** `ops sims …` and `ops numbers …`: the subscriptions service's inventories. */
export function registerSims(program: Command): void {
  registerNumbers(program);
  const sims = program
    .command('sims')
    .description("a project's SIM inventory (pSIMs are added here; eSIMs are made on demand)");
  sims
    .command('add')
    .description("add pSIMs to a project's inventory (all or nothing; ICCIDs must be new and Luhn-valid)")
    .argument('[iccids...]', 'ICCIDs (18–22 digits starting with 89)')
    .requiredOption('--project <project>', 'the project')
    .requiredOption('--provider <provider>', 'the network provider of the SIMs, e.g. p5')
    .option('--file <path>', 'read ICCIDs from a file, one per line')
    .option('--json', 'print JSON')
    .action(
      run(async (args: string[], o: { project: string; provider: string; file?: string; json?: boolean }) => {
        const iccids = await valuesFrom(args, o.file);
        if (!iccids.length) throw new OpsError('give at least one ICCID (arguments or --file)');
        const res = await callSubscriptions<{ items: Sim[] }>('POST', '/internal/sims', {
          project: o.project,
          provider: o.provider,
          iccids,
        });
        printSims(res.items, o.json);
        if (!o.json) console.log(`added ${res.items.length} pSIM(s) to ${o.project}`);
      }),
    );
  sims
    .command('list')
    .description("list a project's SIMs, newest first")
    .requiredOption('--project <project>', 'the project')
    .option('--status <statuses>', 'inactive, active, retired (comma-separated)')
    .option('--type <types>', 'eSIM, pSIM (comma-separated)')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(
      run(async (o: { project: string; status?: string; type?: string; limit: string; json?: boolean }) => {
        const q = new URLSearchParams({
          limit: o.limit,
          ...(o.status ? { status: o.status } : {}),
          ...(o.type ? { type: o.type } : {}),
        });
        const page = await callSubscriptions<ListPage<Sim>>(
          'GET',
          `/projects/${encodeURIComponent(o.project)}/sims?${q}`,
        );
        printSims(page.items, o.json);
      }),
    );
}
