import { createServiceApp, type Role } from '@simline/platform';
import { CONSENT_PAGE_PREFIX } from './approval/approval.controller.js';
import { AppModule } from './app.module.js';

/** The approval pages under /consent/ are public (end users open them from an e-mail; no internal token). */
export function createConsentApp(role: Role, port?: number) {
  return createServiceApp(AppModule, { service: 'consent', role, port, publicPrefixes: [CONSENT_PAGE_PREFIX] });
}
