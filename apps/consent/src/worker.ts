import { createConsentApp } from './app.js';

await createConsentApp('worker');
