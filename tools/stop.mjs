#!/usr/bin/env node
// `npm stop`: stops the services `npm start` runs, then the infrastructure the project started.
import { runningStackPid } from './stack.mjs';
import { down } from './infra/index.mjs';

const pid = runningStackPid();
if (pid) {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (runningStackPid() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  console.log('services stopped');
} else console.log('services: not running');
await down();
