import { Command } from 'commander';
import { registerTail } from './commands/tail.command.js';
import { registerMail } from './commands/mail.command.js';
import { registerTopics } from './commands/topics.command.js';
import { registerDevices } from './commands/devices.command.js';
import { registerPlans } from './commands/plans.command.js';
import { registerBilling } from './commands/billing.command.js';

const program = new Command('ops').description('Simline operations: events, replay, reconciliation, dead letters, jobs, projects and keys');
registerTail(program);
registerTopics(program);
registerMail(program);
registerPlans(program);
registerDevices(program);
registerBilling(program);
await program.parseAsync(process.argv);
