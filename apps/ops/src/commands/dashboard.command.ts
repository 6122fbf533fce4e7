import type { Command } from 'commander';
import { table } from '../lib/output.js';
import { callAdmin, runAdmin } from './projects-client.js';

interface Member {
  id: string;
  project: string;
  email: string;
  name: string | null;
  role: string;
  createdAt: string;
  password?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `ops dashboard members add|list`: support dashboard members, through the gateway's admin API. */
export function registerDashboard(program: Command): void {
  const members = program
    .command('dashboard')
    .description('the support dashboard (/dashboard on the gateway)')
    .command('members')
    .description('who may sign in to the dashboard, per project, with a role');

  members
    .command('add')
    .description(
      'add a member; without --password-stdin a password is made and printed as the last line, once',
    )
    .requiredOption('--project <project>', 'the project the member serves')
    .requiredOption('--email <email>', 'what the member signs in with')
    .requiredOption('--role <role>', 'admin, support or readOnly')
    .option('--name <name>', 'the member’s name')
    .option('--password-stdin', 'read the password (12+ characters) from standard input')
    .option('--json', 'print the member (and a generated password) as JSON')
    .action(
      runAdmin(
        async (o: {
          project: string;
          email: string;
          role: string;
          name?: string;
          passwordStdin?: boolean;
          json?: boolean;
        }) => {
          const password = o.passwordStdin ? await readStdin() : undefined;
          const m = await callAdmin<Member>(
            'POST',
            `/admin/projects/${encodeURIComponent(o.project)}/dashboardMembers`,
            {
              email: o.email,
              role: o.role,
              ...(o.name ? { name: o.name } : {}),
              ...(password !== undefined ? { password } : {}),
            },
          );
          if (o.json) return console.log(JSON.stringify(m, null, 2));
          console.error(`added ${m.role} ${m.email} (${m.id}) to the dashboard of project ${m.project}`);
          if (m.password) {
            console.error('their password, shown only now:');
            console.log(m.password);
          }
        },
      ),
    );

  members
    .command('list')
    .description('the members of a project')
    .requiredOption('--project <project>', 'the project')
    .option('--json', 'print the members as JSON')
    .action(
      runAdmin(async (o: { project: string; json?: boolean }) => {
        const { items } = await callAdmin<{ items: Member[] }>(
          'GET',
          `/admin/projects/${encodeURIComponent(o.project)}/dashboardMembers`,
        );
        if (o.json) return console.log(JSON.stringify(items, null, 2));
        console.log(
          table(
            ['id', 'e-mail', 'role', 'name', 'created'],
            items.map((m) => [m.id, m.email, m.role, m.name, m.createdAt]),
          ),
        );
      }),
    );
}
