import { createSubscriptionsApp } from './app.js';

await createSubscriptionsApp(process.env.SIMLINE_ROLE === 'all' ? 'all' : 'server');
