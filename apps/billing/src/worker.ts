import { createBillingApp } from './app.js';

await createBillingApp('worker');
