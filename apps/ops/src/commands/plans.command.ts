import type { Command } from 'commander';
import type { PlanDocument } from '@simline/contracts';
import { action as run } from '../lib/action.js';
import { table } from '../lib/output.js';
import { allPages as allServicePages, callService } from './service-client.js';

const callPlans = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
  callService<T>('plans', method, path, body);
const allPages = <T extends { id: string }>(path: string) => allServicePages<T>('plans', path);

interface AddDocumentOptions {
  project: string;
  plan: string;
  name: string;
  type: string;
  url: string;
  language?: string;
  json?: boolean;
}

/** `ops plans documents add|list`: documents attached to plans (contracts, terms), shown to partners. */
export function registerPlans(program: Command): void {
  const plans = program.command('plans').description('plans and their documents');
  const documents = plans.command('documents').description('documents attached to a plan');

  documents
    .command('add')
    .description('attach a document (name, MIME type, URL, language) to a plan')
    .requiredOption('--project <project>', 'the project of the plan')
    .requiredOption('--plan <plan>', 'the plan id (pln_…)')
    .requiredOption('--name <name>', 'e.g. "My Plan Contract"')
    .requiredOption('--type <mime>', 'MIME type, e.g. application/pdf')
    .requiredOption('--url <url>', 'where the document can be retrieved')
    .option('--language <tag>', 'BCP 47 language tag, e.g. en-US')
    .option('--json', 'print the plan document as JSON')
    .action(
      run(async (opts: AddDocumentOptions) => {
        const doc = await callPlans<PlanDocument>(
          'POST',
          `/internal/projects/${encodeURIComponent(opts.project)}/plans/${encodeURIComponent(opts.plan)}/documents`,
          {
            name: opts.name,
            type: opts.type,
            url: opts.url,
            ...(opts.language !== undefined ? { language: opts.language } : {}),
          },
        );
        if (opts.json) console.log(JSON.stringify(doc, null, 2));
        else
          console.log(
            `attached "${doc.name}" (${doc.type}${doc.language ? `, ${doc.language}` : ''}) to ${doc.plan}\n${doc.id}`,
          );
      }),
    );

  documents
    .command('list')
    .description("list a project's plan documents, newest first")
    .requiredOption('--project <project>', 'the project')
    .option('--plan <plan>', 'only the documents of this plan')
    .option('--json', 'print the documents as JSON')
    .action(
      run(async (opts: { project: string; plan?: string; json?: boolean }) => {
        const query = opts.plan ? `?plan=${encodeURIComponent(opts.plan)}` : '';
        const docs = await allPages<PlanDocument>(
          `/projects/${encodeURIComponent(opts.project)}/planDocuments${query}`,
        );
        if (opts.json) return console.log(JSON.stringify(docs, null, 2));
        console.log(
          table(
            ['id', 'plan', 'name', 'language', 'type', 'url'],
            docs.map((d) => [d.id, d.plan, d.name, d.language, d.type, d.url]),
          ),
        );
      }),
    );
}
