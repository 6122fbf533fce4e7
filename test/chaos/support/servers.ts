// Private PostgreSQL, Redis and Kafka servers for the fault suite: the suite restarts, flushes and kills them,
// so they must not be the shared ones everybody else's tests run on (docs/decisions/0004). Each lives in a
// temporary directory on free ports and is started the way tools/infra starts the shared one.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from '@simline/testing';

export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

/**
 * Sends `signal` to a child process that is still running and waits until it has exited; with `killAfterMs`,
 * a SIGKILL follows if it has not exited by then. Nothing happens to a child that is gone already.
 */
export async function killChild(child: ChildProcess | undefined, signal: NodeJS.Signals, killAfterMs?: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await gone;
  clearTimeout(timer);
}

const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A port for a server of the suite to listen on later: below the kernel's ephemeral range (32768–60999), where the
 * outgoing connections of every process on the machine take their ports (a clean-clone run once lost the billing
 * server's port between this answer and its listen: EADDRINUSE), and never the same port twice in this process.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (handedOut.has(port) || !(await bindable(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

/** Runs a command to its end (bounded); rejects with its output on failure. */
export function run(
  cmd: string,
  args: string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (err) => reject(err));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}:\n${out.slice(-2000)}`));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;
const asPostgres = (bin: string, args: string[], timeoutMs?: number) =>
  isRoot()
    ? run('runuser', ['-u', 'postgres', '--', bin, ...args], { timeoutMs })
    : run(bin, args, { timeoutMs });

function pgBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql');
  return path.join(base, versions[0]!, 'bin');
}

export interface PrivateServer {
  /** What services get in their environment. */
  url: string;
  stop(): Promise<void>;
}

/** A PostgreSQL cluster of its own (initdb into a temporary directory), with the simline superuser. */
export class PrivatePostgres implements PrivateServer {
  url = '';
  private dir = '';
  private port = 0;
  private readonly bin = pgBin();

  async start(): Promise<this> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simline-chaos-pg-'));
    this.port = await freePort();
    fs.mkdirSync(path.join(this.dir, 'run'));
    if (isRoot()) await run('chown', ['-R', 'postgres:postgres', this.dir]);
    await asPostgres(path.join(this.bin, 'initdb'), [
      '-D',
      this.data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    fs.appendFileSync(
      path.join(this.data, 'postgresql.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${this.port}`,
        `unix_socket_directories = '${path.join(this.dir, 'run')}'`,
        'max_connections = 400',
        'shared_buffers = 128MB',
        `timezone = 'UTC'`,
        '',
      ].join('\n'),
    );
    await this.pgctl('start');
    const admin = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user: 'postgres',
      database: 'postgres',
    });
    await admin.connect();
    await admin.query(`CREATE ROLE simline WITH SUPERUSER LOGIN PASSWORD 'simline'`);
    await admin.end();
    this.url = `postgres://simline:simline@127.0.0.1:${this.port}/postgres`;
    return this;
  }

  private get data() {
    return path.join(this.dir, 'data');
  }

  private pgctl(action: 'start' | 'stop', mode = 'fast') {
    const args = ['-D', this.data, '-w', '-t', '60'];
    if (action === 'start') args.push('-l', path.join(this.dir, 'postgres.log'), 'start');
    else args.push('-m', mode, 'stop');
    return asPostgres(path.join(this.bin, 'pg_ctl'), args, 90_000);
  }

  /** A crash-like restart: `immediate` stops without a checkpoint (every connection dies), start recovers. */
  async restart(): Promise<void> {
    await this.pgctl('stop', 'immediate');
    await this.pgctl('start');
  }

  async stop(): Promise<void> {
    if (!this.dir) return;
    await this.pgctl('stop', 'immediate').catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A redis-server of its own with the production settings (AOF on, noeviction, hz 100). */
export class PrivateRedis implements PrivateServer {
  url = '';
  private dir = '';
  private port = 0;
  private child?: ChildProcess;

  async start(): Promise<this> {
    this.dir ||= fs.mkdtempSync(path.join(os.tmpdir(), 'simline-chaos-redis-'));
    this.port ||= await freePort();
    this.url = `redis://127.0.0.1:${this.port}`;
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--hz',
        '100',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(() => this.ping(), { what: 'the private redis-server', timeoutMs: 20_000, intervalMs: 50 });
    return this;
  }

  private async ping(): Promise<boolean> {
    const c = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return (await c.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  }

  async flushAll(): Promise<void> {
    const c = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      await c.flushall();
    } finally {
      c.disconnect();
    }
  }

  private kill(signal: NodeJS.Signals): Promise<void> {
    return killChild(this.child, signal);
  }

  /** Stops the server (SIGTERM: it writes its AOF) and starts it again on the same port and data. */
  async restart(): Promise<void> {
    await this.kill('SIGTERM');
    await this.start();
  }

  async stop(): Promise<void> {
    await this.kill('SIGKILL');
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A single-node KRaft broker of its own: the shared broker's jars and settings, other ports and directories. */
export class PrivateKafka implements PrivateServer {
  url = '';
  private dir = '';
  private child?: ChildProcess;
  private readonly libs = path.join(REPO_ROOT, '.simline/kafka/libs');

  async start(): Promise<this> {
    if (!this.dir) {
      // The shared broker may be another checkout's (reused, not started here): fetch the jars this one needs.
      if (!fs.existsSync(this.libs) || !fs.existsSync(path.join(REPO_ROOT, '.simline/kafka/server.properties')))
        execFileSync(
          process.execPath,
          ['--input-type=module', '-e', `await (await import(${JSON.stringify(path.join(REPO_ROOT, 'tools/infra/kafka.mjs'))})).prepareKafka();`],
          { stdio: 'inherit', timeout: 900_000 },
        );
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simline-chaos-kafka-'));
      const [port, controller] = [await freePort(), await freePort()];
      this.url = `127.0.0.1:${port}`;
      const props = fs
        .readFileSync(path.join(REPO_ROOT, '.simline/kafka/server.properties'), 'utf8')
        .split('\n')
        .filter((l) => !/^(controller\.quorum\.voters|listeners|advertised\.listeners|log\.dirs)=/.test(l));
      props.push(
        `controller.quorum.voters=1@127.0.0.1:${controller}`,
        `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
        `log.dirs=${path.join(this.dir, 'data')}`,
      );
      fs.writeFileSync(this.props, props.join('\n') + '\n');
      const id = randomBytes(16).toString('base64url').replace(/^-/, 'A');
      await run('java', [
        ...this.jvm(),
        'kafka.tools.StorageTool',
        'format',
        '--ignore-formatted',
        '-t',
        id,
        '-c',
        this.props,
      ]);
    }
    const out = fs.openSync(path.join(this.dir, 'kafka.out'), 'a');
    this.child = spawn('java', [...this.jvm(), 'kafka.Kafka', this.props], {
      cwd: this.dir,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    await waitFor(() => this.answers(), {
      what: 'the private Kafka broker',
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    return this;
  }

  private get props() {
    return path.join(this.dir, 'server.properties');
  }

  private jvm(): string[] {
    return [
      '-Xms128m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dkafka.logs.dir=${path.join(this.dir, 'logs')}`,
      `-Dlog4j2.configurationFile=${path.join(REPO_ROOT, 'deploy/kafka/log4j2.xml')}`,
      '-cp',
      `${this.libs}/*`,
    ];
  }

  private async answers(): Promise<boolean> {
    const admin = new Kafka({
      clientId: 'chaos-probe',
      brokers: [this.url],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
    }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private kill(signal: NodeJS.Signals): Promise<void> {
    return killChild(this.child, signal);
  }

  /** kill -9 of the broker, then a start on the same data: it recovers its logs. */
  async restart(): Promise<void> {
    await this.kill('SIGKILL');
    await this.start();
  }

  async stop(): Promise<void> {
    await this.kill('SIGKILL');
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
