import type { Command } from 'commander';
import { table } from '../lib/output.js';
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
    .option('--json', 'print the key, its secret included, as JSON')
    .action(
      runAdmin(async (o: { project: string; name?: string; json?: boolean }) => {
        const key = await callAdmin<ApiKey & { secret: string }>('POST', '/admin/keys', {
          project: o.project,
          ...(o.name ? { name: o.name } : {}),
        });
        if (o.json) return console.log(JSON.stringify(key, null, 2));
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
        console.log(
          table(
            ['id', 'project', 'name', 'key', 'status', 'created', 'revoked'],
            items.map((k) => [k.id, k.project, k.name, k.redacted, k.status, k.createdAt, k.revokedAt]),
          ),
        );
      }),
    );

  keys
    .command('revoke')
    .description('revoke an API key: every gateway instance refuses it at once')
    .argument('<id>', 'the key id (key_…)')
    .option('--json', 'print the revoked key as JSON')
    .action(
      runAdmin(async (id: string, o: { json?: boolean }) => {
        const k = await callAdmin<ApiKey>('DELETE', `/admin/keys/${encodeURIComponent(id)}`);
        if (o.json) return console.log(JSON.stringify(k, null, 2));
        console.log(`revoked ${k.id} (${k.redacted}) of project ${k.project} at ${k.revokedAt}`);
      }),
    );
}
