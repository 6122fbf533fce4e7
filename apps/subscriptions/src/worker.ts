import { createSubscriptionsApp } from './app.js';

await createSubscriptionsApp('worker');
