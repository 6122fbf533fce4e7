import { createPlansApp } from './app.js';

await createPlansApp(process.env.SIMLINE_ROLE === 'all' ? 'all' : 'server');
