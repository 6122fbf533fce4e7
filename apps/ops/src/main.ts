import { Command } from 'commander';
import { registerTail } from './commands/tail.command.js';
import { registerTopics } from './commands/topics.command.js';

const program = new Command('ops').description('Simline operations: events, replay, reconciliation, dead letters, jobs, projects and keys');
registerTail(program);
registerTopics(program);
await program.parseAsync(process.argv);
