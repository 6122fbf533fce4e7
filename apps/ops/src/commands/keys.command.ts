import type { Command } from 'commander';
import Table from 'cli-table3';
import { callAdmin, runAdmin } from './projects-client.js';

interface ApiKey {
  id: string;
  project: string;
  name: string | null;
  redacted: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

/** `ops keys create|list|revoke`: project API keys, through the gateway's admin API. */
export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('project API keys (the secret is shown once, at creation)');

  keys
    .command('create')
    .description('create an API key; the secret is printed as the last line, once (only its hash is stored)')
    .requiredOption('--project <project>', 'the project the key reaches')
    .option('--name <name>', 'what the key is for')
    .action(
      runAdmin(async (o: { project: string; name?: string }) => {
        const key = await callAdmin<ApiKey & { secret: string }>('POST', '/admin/keys', {
          project: o.project,
          ...(o.name ? { name: o.name } : {}),
        });
        console.error(
          `created API key ${key.id} for project ${key.project}; store the secret now, it is not shown again:`,
        );
        console.log(key.secret);
      }),
    );

  keys
    .command('list')
    .description('API keys (never their secrets)')
    .option('--project <project>', 'only this project')
    .option('--json', 'print the keys as JSON')
    .action(
      runAdmin(async (o: { project?: string; json?: boolean }) => {
        const { items } = await callAdmin<{ items: ApiKey[] }>(
          'GET',
          `/admin/keys${o.project ? `?project=${encodeURIComponent(o.project)}` : ''}`,
        );
        if (o.json) return console.log(JSON.stringify(items, null, 2));
        const table = new Table({ head: ['id', 'project', 'name', 'key', 'status', 'created', 'revoked'] });
        for (const k of items)
          table.push([k.id, k.project, k.name ?? '', k.redacted, k.status, k.createdAt, k.revokedAt ?? '']);
        console.log(table.toString());
      }),
    );

  keys
    .command('revoke')
    .description('revoke an API key: every gateway instance refuses it at once')
    .argument('<id>', 'the key id (key_…)')
    .action(
      runAdmin(async (id: string) => {
        const k = await callAdmin<ApiKey>('DELETE', `/admin/keys/${encodeURIComponent(id)}`);
        console.log(`revoked ${k.id} (${k.redacted}) of project ${k.project} at ${k.revokedAt}`);
      }),
    );
}
