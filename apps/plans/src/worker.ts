import { createPlansApp } from './app.js';

await createPlansApp('worker');
