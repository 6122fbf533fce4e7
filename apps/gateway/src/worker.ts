import { createGatewayApp } from './app.js';

await createGatewayApp('worker');
