import { createServiceApp, type Role } from '@simline/platform';
import { AppModule } from './app.module.js';

export function createBillingApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'billing', role, port });
}
