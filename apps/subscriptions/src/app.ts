import { createServiceApp, type Role } from '@simline/platform';
import { AppModule } from './app.module.js';

export function createSubscriptionsApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'subscriptions', role, port });
}
