import type { Command } from 'commander';
import { action as run } from '../lib/action.js';
import { OpsError, table } from '../lib/output.js';
import { callService, valuesFrom } from './service-client.js';

const callSubscriptions = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
  callService<T>('subscriptions', method, path, body);

export function registerNumbers(program: Command): void {
  const numbers = program
    .command('numbers')
    .description('phone-number pools per provider (used before generated numbers)');
  numbers
    .command('add')
    .description("add E.164 numbers to a provider's pool (numbers that exist already are skipped)")
    .argument('[numbers...]', 'E.164 numbers, e.g. +12065550100')
    .requiredOption('--provider <provider>', 'the network provider, e.g. p5')
    .option('--file <path>', 'read numbers from a file, one per line')
    .option('--json', 'print the added and existing numbers as JSON')
    .action(
      run(async (args: string[], o: { provider: string; file?: string; json?: boolean }) => {
        const list = await valuesFrom(args, o.file);
        if (!list.length) throw new OpsError('give at least one number (arguments or --file)');
        const res = await callSubscriptions<{ added: string[]; existing: string[] }>(
          'POST',
          '/internal/phoneNumbers',
          { provider: o.provider, numbers: list },
        );
        if (o.json) return console.log(JSON.stringify(res, null, 2));
        console.log(
          `added ${res.added.length} number(s) to ${o.provider}${res.existing.length ? `; ${res.existing.length} existed already: ${res.existing.join(', ')}` : ''}`,
        );
      }),
    );
  numbers
    .command('pools')
    .description('available and assigned numbers per provider')
    .option('--provider <provider>', 'only this provider')
    .option('--json', 'print the pools as JSON')
    .action(
      run(async (o: { provider?: string; json?: boolean }) => {
        const rows = await callSubscriptions<
          Array<{ provider: string; available: number; assigned: number }>
        >('GET', `/internal/phoneNumbers${o.provider ? `?provider=${encodeURIComponent(o.provider)}` : ''}`);
        if (o.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(
          rows.length
            ? table(
                ['provider', 'available', 'assigned'],
                rows.map((r) => [r.provider, r.available, r.assigned]),
              )
            : 'no numbers in any pool yet (numbers are generated when a pool is empty)',
        );
      }),
    );
}
