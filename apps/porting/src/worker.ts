import { createPortingApp } from './app.js';

await createPortingApp('worker');
