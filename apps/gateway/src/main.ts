import { createGatewayApp } from './app.js';

await createGatewayApp(process.env.SIMLINE_ROLE === 'all' ? 'all' : 'server');
