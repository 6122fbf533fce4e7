import { createPortingApp } from './app.js';

await createPortingApp(process.env.SIMLINE_ROLE === 'all' ? 'all' : 'server');
