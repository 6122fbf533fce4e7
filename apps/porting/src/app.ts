import { createServiceApp, type Role } from '@simline/platform';
import { AppModule } from './app.module.js';

export function createPortingApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'porting', role, port });
}
