import { Command } from 'commander';
import { registerTail } from './commands/tail.command.js';
import { registerMail } from './commands/mail.command.js';
import { registerTopics } from './commands/topics.command.js';
import { registerDevices } from './commands/devices.command.js';
import { registerPlans } from './commands/plans.command.js';
import { registerBilling } from './commands/billing.command.js';
import { registerReplay } from './commands/replay.command.js';
import { registerReconcile } from './commands/reconcile.command.js';
import { registerDlq } from './commands/dlq.command.js';
import { registerJobs } from './commands/jobs.command.js';
import { registerExplain } from './commands/explain.command.js';
import { registerProjects } from './commands/projects.command.js';
import { registerKeys } from './commands/keys.command.js';
import { registerClock } from './commands/clock.command.js';
import { registerPortOut } from './commands/port-out.command.js';
import { registerSims } from './commands/sims.command.js';
import { registerDashboard } from './commands/dashboard.command.js';
import { registerWebhooks } from './commands/webhooks.command.js';

/** Every command of the CLI; each loads what it talks to (Kafka, BullMQ, Nest) only when it runs. */
export function buildProgram(): Command {
  const program = new Command('ops').description(
    'Simline operations: events, replay, reconciliation, dead letters, jobs, projects and keys (--json on every command)',
  );
  registerTail(program);
  registerTopics(program);
  registerMail(program);
  registerPlans(program);
  registerDevices(program);
  registerBilling(program);
  registerReplay(program);
  registerReconcile(program);
  registerDlq(program);
  registerJobs(program);
  registerExplain(program);
  registerProjects(program);
  registerKeys(program);
  registerClock(program);
  registerPortOut(program);
  registerSims(program);
  registerDashboard(program);
  registerWebhooks(program);
  return program;
}
