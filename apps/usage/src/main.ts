import { createUsageApp } from './app.js';

await createUsageApp(process.env.SIMLINE_ROLE === 'all' ? 'all' : 'server');
