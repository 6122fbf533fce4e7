// After each integration/e2e test file: delete its namespace, unless KEEP_NS=1 (to look at what it left).
import { afterAll } from '@jest/globals';
import { cleanupNamespaces } from '../namespace.js';

afterAll(async () => {
  if (process.env.KEEP_NS === '1') return;
  await cleanupNamespaces({ namespaces: [process.env.SIMLINE_NS!] });
}, 60_000);
