// Shared helpers: paths, running commands with a time bound, pid files, apt.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './wait.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const STATE_DIR = path.join(REPO_ROOT, '.simline');

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export function mkdirp(dir, mode) {
  fs.mkdirSync(dir, { recursive: true, ...(mode ? { mode } : {}) });
  return dir;
}

/** Last `lines` lines of a file, for error messages. */
export function tail(file, lines = 15) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '';
  }
}

/**
 * Runs a command, bounded by timeoutMs. Output is captured (and appended to logFile if given).
 * Rejects with an error that includes the command, exit code, the output's tail and the log file.
 */
export function run(cmd, args, { timeoutMs = 120_000, logFile, env, cwd, allowFail = false, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: cwd ?? REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let logFd;
    if (logFile) {
      mkdirp(path.dirname(logFile));
      logFd = fs.openSync(logFile, 'a');
      fs.writeSync(logFd, `\n$ ${cmd} ${args.join(' ')}   # ${new Date().toISOString()}\n`);
    }
    const onData = (chunk) => {
      out += chunk.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
      if (logFd !== undefined) fs.writeSync(logFd, chunk);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    if (input !== undefined) child.stdin.end(input);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      if (logFd !== undefined) fs.closeSync(logFd);
      reject(new Error(`cannot run ${cmd}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (logFd !== undefined) fs.closeSync(logFd);
      if ((code === 0 || allowFail) && !timedOut) return resolve({ code, out });
      const why = timedOut
        ? `timed out after ${Math.round(timeoutMs / 1000)}s`
        : `exited with ${code ?? signal}`;
      const lastLines = out.trim().split('\n').slice(-15).join('\n');
      reject(
        new Error(
          `\`${cmd} ${args.join(' ')}\` ${why}${logFile ? ` (full log: ${logFile})` : ''}${lastLines ? `\n${lastLines}` : ''}`,
        ),
      );
    });
  });
}

/** A process's state letter from /proc (R, S, D, Z, ...), or undefined if there is no such process. */
export function procState(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Is a process with this pid alive? A zombie (dead, not yet reaped) counts as dead. */
export function pidAlive(pid) {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  const state = procState(pid);
  return state !== 'Z' && state !== 'X';
}

/** Does any process (even a zombie) have this pid? */
export function pidExists(pid) {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

export function readPid(file) {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0].trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The process's command line (NUL separators turned into spaces), or '' if unknown. */
export function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** pid from a pid file, only if that process is alive and (optionally) its command line contains `marker`. */
export function livePid(file, marker) {
  const pid = readPid(file);
  if (!pid || !pidAlive(pid)) return undefined;
  if (marker && !cmdline(pid).includes(marker)) return undefined;
  return pid;
}

/** Sends SIGTERM, waits up to graceMs for exit, then SIGKILL. Resolves true if it was running. */
export async function stopPid(pid, { graceMs = 20_000 } = {}) {
  if (!pidAlive(pid)) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) return true;
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  for (let i = 0; i < 50 && pidAlive(pid); i++) await sleep(100);
  return true;
}

// ---- apt (serialized: dpkg has a single lock) ----
let aptChain = Promise.resolve();
let aptUpdated = false;
const APT_LOG = () => path.join(STATE_DIR, 'apt.log');

/** Installs Debian packages (apt-get update once per process). Calls are serialized. */
export function aptInstall(packages) {
  const job = aptChain.then(async () => {
    if (!isRoot()) {
      throw new Error(
        `the Debian package(s) ${packages.join(' ')} are missing and installing them needs root: ` +
          `run \`sudo apt-get install -y ${packages.join(' ')}\` or run this as root`,
      );
    }
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    // dpkg may be locked by another apt run (unattended upgrades): -o DPkg::Lock::Timeout waits for it.
    const lock = ['-o', 'DPkg::Lock::Timeout=120'];
    if (!aptUpdated) {
      await run('apt-get', [...lock, 'update'], { timeoutMs: 300_000, logFile: APT_LOG(), env });
      aptUpdated = true;
    }
    await run('apt-get', [...lock, 'install', '-y', '--no-install-recommends', ...packages], {
      timeoutMs: 600_000,
      logFile: APT_LOG(),
      env,
    });
  });
  aptChain = job.catch(() => {});
  return job;
}

/** Stops a SysV/systemd service that a package install may have started; never fails. */
export async function stopDistroService(name) {
  const opts = { allowFail: true, timeoutMs: 60_000, logFile: APT_LOG() };
  if (fs.existsSync('/run/systemd/system')) {
    await run('systemctl', ['disable', '--now', name], opts).catch(() => {});
  } else {
    await run('service', [name, 'stop'], opts).catch(() => {});
    await run('update-rc.d', [name, 'disable'], opts).catch(() => {});
  }
}

// ---- a lock so that two `up`s at once do not both start the same server ----
export async function withLock(name, fn, { timeoutMs = 900_000 } = {}) {
  mkdirp(STATE_DIR);
  const file = path.join(STATE_DIR, `${name}.lock`);
  const deadline = Date.now() + timeoutMs;
  let noted = false;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = readPid(file);
      if (!holder || !pidAlive(holder)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${file} is held by pid ${holder} for too long`);
      if (!noted) {
        process.stderr.write(`waiting for another infra run (pid ${holder}) to finish...\n`);
        noted = true;
      }
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
