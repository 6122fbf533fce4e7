import { createEventsApp } from './app.js';

await createEventsApp('worker');
