import { createBillingApp } from './app.js';

await createBillingApp(process.env.SIMLINE_ROLE === 'all' ? 'all' : 'server');
