import { createServiceApp, type Role } from '@simline/platform';
import { AppModule } from './app.module.js';

export function createUsageApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'usage', role, port });
}
