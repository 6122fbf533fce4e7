import type { Command } from 'commander';

export function registerTopics(program: Command): void {
  program
    .command('topics')
    .description('create every topic of the event catalogue that does not exist yet')
    .option('--json', 'print the created topics as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { createKafka, provisionCatalogueTopics } = await import('@simline/messaging');
      const admin = createKafka('simline-ops').admin();
      await admin.connect();
      const created = await provisionCatalogueTopics(admin);
      await admin.disconnect();
      if (opts.json) console.log(JSON.stringify({ created }));
      else console.log(created.length ? `created ${created.join(', ')}` : 'every catalogue topic exists');
    });
}
