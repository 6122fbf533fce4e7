import { createServiceApp, type Role } from '@simline/platform';
import { AppModule } from './app.module.js';

export function createGatewayApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'gateway', role, port });
}
