import { createUsageApp } from './app.js';

await createUsageApp('worker');
