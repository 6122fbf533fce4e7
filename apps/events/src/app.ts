import { createServiceApp, type Role } from '@simline/platform';
import { AppModule } from './app.module.js';

export function createEventsApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'events', role, port });
}
