import { createServiceApp, type Role } from '@simline/platform';
import { AppModule } from './app.module.js';

export function createConsentApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'consent', role, port });
}
