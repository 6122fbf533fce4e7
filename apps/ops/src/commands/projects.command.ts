import type { Command } from 'commander';
import type { Project } from '@simline/contracts';
import { table } from '../lib/output.js';
import { callAdmin, runAdmin } from './projects-client.js';

interface SettingsOptions {
  billing?: boolean;
  currency?: string;
  emails?: boolean;
  from?: string;
  brand?: string;
  support?: string;
}

function settingsOf(o: SettingsOptions): Record<string, unknown> | undefined {
  const billing = {
    ...(o.billing !== undefined ? { enabled: o.billing } : {}),
    ...(o.currency ? { currency: o.currency.toUpperCase() } : {}),
  };
  const emails = {
    ...(o.emails !== undefined ? { enabled: o.emails } : {}),
    ...(o.from !== undefined ? { from: o.from || null } : {}),
    ...(o.brand !== undefined ? { brandName: o.brand || null } : {}),
    ...(o.support !== undefined ? { supportContact: o.support || null } : {}),
  };
  const out = {
    ...(Object.keys(billing).length ? { billing } : {}),
    ...(Object.keys(emails).length ? { emails } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

function describe(p: Project): string {
  const s = p.settings;
  return [
    `project ${p.id} (${p.name})${p.sandbox ? ', sandbox with a test clock' : ''}`,
    `  billing ${s.billing.enabled ? `on, ${s.billing.currency}` : 'off'}; e-mails ${s.emails.enabled ? `on${s.emails.from ? `, from ${s.emails.from}` : ''}` : 'off'}`,
    ...(s.emails.brandName || s.emails.supportContact
      ? [
          `  brand ${s.emails.brandName ?? p.name}${s.emails.supportContact ? `; support ${s.emails.supportContact}` : ''}`,
        ]
      : []),
  ].join('\n');
}

/** `ops projects create|list|show|update`: partner projects, through the gateway's admin API. */
export function registerProjects(program: Command): void {
  const projects = program.command('projects').description('partner projects (owned by the gateway)');

  projects
    .command('create')
    .description('create a project; --sandbox gives it a test clock starting now')
    .argument('<id>', 'project id: lowercase letters, digits and dashes, e.g. demo')
    .option('--name <name>', 'display name (default: the id)')
    .option('--sandbox', 'a sandbox project with a test clock')
    .option('--billing', 'bill subscriptions of this project')
    .option('--currency <code>', 'billing currency (ISO 4217), default USD')
    .option('--emails', 'send e-mails (consent links) to end users')
    .option('--from <address>', 'sender address of those e-mails')
    .option(
      '--brand <name>',
      'the brand end users know, in e-mails and on the approval page (default: the name)',
    )
    .option('--support <contact>', "how end users reach the partner's support (address, phone or URL)")
    .option('--json', 'print the project as JSON')
    .action(
      runAdmin(
        async (id: string, o: SettingsOptions & { name?: string; sandbox?: boolean; json?: boolean }) => {
          const settings = settingsOf(o);
          const p = await callAdmin<Project>('POST', '/admin/projects', {
            id,
            ...(o.name ? { name: o.name } : {}),
            sandbox: Boolean(o.sandbox),
            ...(settings ? { settings } : {}),
          });
          console.log(o.json ? JSON.stringify(p, null, 2) : `created ${describe(p)}`);
        },
      ),
    );

  projects
    .command('list')
    .description('every project')
    .option('--json', 'print the projects as JSON')
    .action(
      runAdmin(async (o: { json?: boolean }) => {
        const { items } = await callAdmin<{ items: Project[] }>('GET', '/admin/projects');
        if (o.json) return console.log(JSON.stringify(items, null, 2));
        console.log(
          table(
            ['id', 'name', 'sandbox', 'billing', 'e-mails', 'created'],
            items.map((p) => [
              p.id,
              p.name,
              p.sandbox ? 'yes' : 'no',
              p.settings.billing.enabled ? p.settings.billing.currency : 'off',
              p.settings.emails.enabled ? (p.settings.emails.from ?? 'on') : 'off',
              p.createdAt,
            ]),
          ),
        );
      }),
    );

  projects
    .command('show')
    .description('one project')
    .argument('<id>', 'project id')
    .option('--json', 'print the project as JSON')
    .action(
      runAdmin(async (id: string, o: { json?: boolean }) => {
        const p = await callAdmin<Project>('GET', `/admin/projects/${encodeURIComponent(id)}`);
        console.log(o.json ? JSON.stringify(p, null, 2) : describe(p));
      }),
    );

  projects
    .command('update')
    .description("change a project's name or settings (project.updated tells every service)")
    .argument('<id>', 'project id')
    .option('--name <name>', 'display name')
    .option('--billing', 'turn billing on')
    .option('--no-billing', 'turn billing off')
    .option('--currency <code>', 'billing currency (ISO 4217)')
    .option('--emails', 'turn e-mails on')
    .option('--no-emails', 'turn e-mails off')
    .option('--from <address>', 'sender address ("" clears it)')
    .option('--brand <name>', 'brand shown to end users ("" clears it: the name)')
    .option('--support <contact>', 'support contact shown to end users ("" clears it)')
    .option('--json', 'print the project as JSON')
    .action(
      runAdmin(async (id: string, o: SettingsOptions & { name?: string; json?: boolean }) => {
        const settings = settingsOf(o);
        const p = await callAdmin<Project>('PATCH', `/admin/projects/${encodeURIComponent(id)}`, {
          ...(o.name ? { name: o.name } : {}),
          ...(settings ? { settings } : {}),
        });
        console.log(o.json ? JSON.stringify(p, null, 2) : `updated ${describe(p)}`);
      }),
    );
}
