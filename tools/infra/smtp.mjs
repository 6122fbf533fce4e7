// Starts tools/infra/smtp-catcher.mjs detached (pid file, log in .simline/mail/catcher.log).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, STATE_DIR, livePid, mkdirp, stopPid, tail } from './common.mjs';
import { httpGet, readBanner, tcpOpen, waitFor } from './wait.mjs';

const SMTP_PORT = 1025;
const HTTP_PORT = 8025;
export const SMTP_DEFAULT_URL = `smtp://127.0.0.1:${SMTP_PORT}`;
export const MAIL_API_DEFAULT_URL = `http://127.0.0.1:${HTTP_PORT}`;
const DIR = path.join(STATE_DIR, 'mail');
const PIDFILE = path.join(DIR, 'catcher.pid');
const LOG = path.join(DIR, 'catcher.log');
const SCRIPT = path.join(REPO_ROOT, 'tools', 'infra', 'smtp-catcher.mjs');
export const SMTP_LOG = LOG;

export function ourPid() {
  return livePid(PIDFILE, 'smtp-catcher.mjs');
}

async function smtpAnswers(host = '127.0.0.1', port = SMTP_PORT) {
  try {
    return (await readBanner(port, host)).startsWith('220');
  } catch {
    return false;
  }
}

async function apiAnswers(base = MAIL_API_DEFAULT_URL) {
  try {
    const { status, body } = await httpGet(`${base}/api/v1/messages?limit=1`);
    return status === 200 && 'total' in JSON.parse(body);
  } catch {
    return false;
  }
}

/** MAIL_API_URL for an external SMTP_URL: MAIL_API_URL if set, else the same host on 8025 (Mailpit's default). */
function externalApiUrl(smtpUrl) {
  if (process.env.MAIL_API_URL) return process.env.MAIL_API_URL;
  try {
    return `http://${new URL(smtpUrl).hostname}:${HTTP_PORT}`;
  } catch {
    return MAIL_API_DEFAULT_URL;
  }
}

export async function ensureSmtp() {
  if (process.env.SMTP_URL) {
    return {
      url: process.env.SMTP_URL,
      apiUrl: externalApiUrl(process.env.SMTP_URL),
      state: 'external (SMTP_URL)',
    };
  }
  const url = SMTP_DEFAULT_URL;
  const apiUrl = MAIL_API_DEFAULT_URL;
  const running = ourPid();
  if (running && (await smtpAnswers()) && (await apiAnswers()))
    return { url, apiUrl, state: `already running (pid ${running})` };
  if (running) await stopPid(running, { graceMs: 5000 }); // ours but not answering: restart it

  const smtpBusy = await tcpOpen(SMTP_PORT);
  const httpBusy = await tcpOpen(HTTP_PORT);
  if (smtpBusy || httpBusy) {
    if ((await smtpAnswers()) && (await apiAnswers())) {
      return {
        url,
        apiUrl,
        state: `reusing the mail catcher already on :${SMTP_PORT}/:${HTTP_PORT} (not started by us, e.g. Mailpit)`,
      };
    }
    throw new Error(
      `port ${smtpBusy ? SMTP_PORT : HTTP_PORT} is in use by something that is not a mail catcher with a Mailpit API; stop it or set SMTP_URL`,
    );
  }

  mkdirp(DIR);
  const fd = fs.openSync(LOG, 'a');
  const child = spawn(process.execPath, [SCRIPT], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, SIMLINE_MAIL_DIR: DIR },
  });
  fs.closeSync(fd);
  let exited;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  fs.writeFileSync(PIDFILE, `${child.pid}\n`);
  child.unref();
  try {
    await waitFor(
      'the SMTP catcher (SMTP banner and HTTP API)',
      async () => (await smtpAnswers()) && (await apiAnswers()),
      {
        timeoutMs: 20_000,
        intervalMs: 150,
        hint: `see ${LOG}`,
        abort: () => (exited !== undefined ? `the catcher exited (${exited})` : undefined),
      },
    );
  } catch (err) {
    throw new Error(`${err.message}\n--- ${LOG} (tail) ---\n${tail(LOG, 8)}`);
  }
  return { url, apiUrl, state: `started (pid ${child.pid})`, started: true };
}

export async function stopSmtp() {
  const pid = ourPid();
  fs.rmSync(PIDFILE, { force: true });
  if (!pid) return false;
  await stopPid(pid, { graceMs: 5000 });
  return true;
}

export async function smtpStatus() {
  const external = Boolean(process.env.SMTP_URL);
  const url = process.env.SMTP_URL || SMTP_DEFAULT_URL;
  const apiUrl = external ? externalApiUrl(url) : MAIL_API_DEFAULT_URL;
  const pid = external ? undefined : ourPid();
  let up;
  try {
    const u = new URL(url);
    up = await smtpAnswers(u.hostname, Number(u.port || 25));
  } catch {
    up = false;
  }
  return {
    name: 'smtp',
    up,
    apiUp: await apiAnswers(apiUrl),
    ours: Boolean(pid),
    pid,
    url,
    apiUrl,
    log: LOG,
  };
}
