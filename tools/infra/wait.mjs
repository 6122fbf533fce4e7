// Bounded waiting helpers for the local infrastructure scripts.
import net from 'node:net';
import http from 'node:http';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a truthy value, or fails after `timeoutMs`.
 * `probe` may throw: that counts as "not yet". `abort` (optional) is checked each round and,
 * when it returns a string, fails immediately with that message (e.g. "the process died").
 */
export async function waitFor(what, probe, { timeoutMs = 30_000, intervalMs = 250, hint = '', abort } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (abort) {
      const reason = await abort();
      if (reason) throw new Error(`${what}: ${reason}${hint ? `; ${hint}` : ''}`);
    }
    if (Date.now() >= deadline) {
      const last = lastError ? ` (last error: ${lastError.message ?? lastError})` : '';
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}${last}${hint ? `; ${hint}` : ''}`,
      );
    }
    await sleep(intervalMs);
  }
}

/** Resolves true if something accepts a TCP connection on host:port within timeoutMs. */
export function tcpOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Reads the first line a server sends after connect (e.g. an SMTP banner). */
export function readBanner(port, host = '127.0.0.1', timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    let buf = '';
    const finish = (err, value) => {
      socket.removeAllListeners();
      socket.destroy();
      err ? reject(err) : resolve(value);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no banner from ${host}:${port}`)));
    socket.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        socket.write('QUIT\r\n');
        finish(null, buf.slice(0, nl).trim());
      }
    });
    socket.once('error', (err) => finish(err));
  });
}

/** Minimal HTTP GET returning { status, body } with a timeout. */
export function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout GET ${url}`)));
    req.on('error', reject);
  });
}

/** Bounds a promise: rejects with `message` after `ms`. */
export function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
