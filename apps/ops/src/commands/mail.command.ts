import type { Command } from 'commander';
import { action } from '../lib/action.js';
import { formatMail, MailApi } from './mail.client.js';

/** `ops mail last --to ADDRESS` (the latest message to an address) and `ops mail list --to ADDRESS`. */
export function registerMail(program: Command): void {
  const mail = program
    .command('mail')
    .description('read the e-mails the local SMTP catcher kept (consent links and the like)');
  mail
    .command('last')
    .description('print the latest e-mail sent to an address')
    .requiredOption('--to <address>', 'the recipient')
    .option('--html', 'print the HTML body instead of the text')
    .option('--json', 'print the whole message as JSON')
    .action(
      action(async (opts: { to: string; html?: boolean; json?: boolean }) => {
        const m = await new MailApi().latestTo(opts.to);
        if (!m) {
          if (opts.json) console.log('null');
          console.error(`No e-mail to ${opts.to}.`);
          process.exitCode = 1;
          return;
        }
        console.log(opts.json ? JSON.stringify(m, null, 2) : opts.html ? m.HTML : formatMail(m));
      }),
    );
  mail
    .command('list')
    .description('list the e-mails sent to an address, newest first')
    .requiredOption('--to <address>', 'the recipient')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print the messages as JSON')
    .action(
      action(async (opts: { to: string; limit: string; json?: boolean }) => {
        const list = await new MailApi().search(opts.to, Number(opts.limit));
        if (opts.json) return console.log(JSON.stringify(list, null, 2));
        if (!list.length) console.error(`No e-mail to ${opts.to}.`);
        for (const m of list) console.log(`${m.Created}  ${m.ID}  ${m.Subject}`);
      }),
    );
}
