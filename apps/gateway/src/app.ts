import { createServiceApp, type Role } from '@simline/platform';
import { AppModule } from './app.module.js';

/** The gateway's partner, admin and docs routes carry their own credentials; only `/internal/` needs the internal token. */
export const GATEWAY_APP_OPTIONS = { internalPrefixes: ['/internal/'] };

export function createGatewayApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'gateway', role, port, ...GATEWAY_APP_OPTIONS });
}
