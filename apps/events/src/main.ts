import { createEventsApp } from './app.js';

await createEventsApp(process.env.SIMLINE_ROLE === 'all' ? 'all' : 'server');
