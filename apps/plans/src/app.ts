import { createServiceApp, type Role } from '@simline/platform';
import { AppModule } from './app.module.js';

export function createPlansApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'plans', role, port });
}
