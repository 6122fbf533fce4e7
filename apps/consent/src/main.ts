import { createConsentApp } from './app.js';

await createConsentApp(process.env.SIMLINE_ROLE === 'all' ? 'all' : 'server');
