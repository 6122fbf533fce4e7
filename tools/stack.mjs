// The local stack: environment for services (infrastructure URLs, the internal token) and the list of
// processes `npm start` runs. Shared by start.mjs, stop.mjs and ops.mjs.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, STATE_DIR, mkdirp } from './infra/common.mjs';

export const SERVICES = ['plans', 'subscriptions', 'porting', 'billing', 'consent', 'events', 'usage', 'gateway'];
export const RUN_DIR = path.join(STATE_DIR, 'run');
export const LOG_DIR = path.join(STATE_DIR, 'logs');
export const STACK_PID = path.join(RUN_DIR, 'stack.pid');
/** What `npm start` ran the services with (infrastructure URLs, ports; no secret), for `npm run ops`. */
export const STACK_ENV = path.join(RUN_DIR, 'stack-env.json');
const STACK_ENV_KEYS = ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'SMTP_URL', 'MAIL_API_URL', 'GATEWAY_URL', 'CONSENT_PUBLIC_URL', 'SIMLINE_LAYOUT'];

/** Records the running stack's environment (the secrets stay in their own files under .simline/). */
export function writeStackEnv(env) {
  mkdirp(RUN_DIR);
  const kept = Object.fromEntries(STACK_ENV_KEYS.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  fs.writeFileSync(STACK_ENV, JSON.stringify(kept, null, 2) + '\n');
}

/** The running stack's recorded environment, or null. */
export function readStackEnv() {
  try {
    return JSON.parse(fs.readFileSync(STACK_ENV, 'utf8'));
  } catch {
    return null;
  }
}

/** The internal token the gateway uses to call services: from the environment, or generated once per checkout. */
export function internalToken() {
  if (process.env.INTERNAL_TOKEN) return process.env.INTERNAL_TOKEN;
  const file = path.join(mkdirp(STATE_DIR), 'internal-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/** The admin API's credential (gateway `/admin/*`, ops projects/keys): from the environment, or generated once per checkout. */
export function adminToken() {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  const file = path.join(mkdirp(STATE_DIR), 'admin-token');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/** A development-only key for encrypting porting PINs at rest (production sets PIN_ENCRYPTION_KEY). */
export function pinKey() {
  if (process.env.PIN_ENCRYPTION_KEY) return process.env.PIN_ENCRYPTION_KEY;
  const file = path.join(mkdirp(STATE_DIR), 'pin-key');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/** A development-only secret for eSIM matching ids (production sets ESIM_MATCHING_ID_SECRET). */
export function esimSecret() {
  if (process.env.ESIM_MATCHING_ID_SECRET) return process.env.ESIM_MATCHING_ID_SECRET;
  const file = path.join(mkdirp(STATE_DIR), 'esim-matching-id-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

export async function stackEnv({ quiet = true } = {}) {
  const { up } = await import('./infra/index.mjs');
  const infra = await up({ quiet });
  return { ...process.env, ...infra, INTERNAL_TOKEN: internalToken(), ADMIN_TOKEN: adminToken(), PIN_ENCRYPTION_KEY: pinKey(), ESIM_MATCHING_ID_SECRET: esimSecret() };
}

export function runningStackPid() {
  try {
    const pid = Number(fs.readFileSync(STACK_PID, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export { REPO_ROOT };
