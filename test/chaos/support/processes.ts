// The services as separate processes on their built code (as tools/start.mjs runs them), so that one can be
// killed with SIGKILL like a crashed machine, and started again.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '@simline/testing';
import { SERVICE_NODE_ARGS } from '../../../tools/node-args.mjs';
import { freePort, killChild, REPO_ROOT } from './servers.js';

export const SERVICES = ['plans', 'subscriptions', 'porting', 'billing', 'consent', 'events'] as const;
export type ServiceName = (typeof SERVICES)[number];
export type Service = ServiceName | 'gateway';
export type Role = 'server' | 'worker';

export class ServiceProcess {
  child?: ChildProcess;
  /** Set when the test killed it; any other exit is a crash the suite reports. */
  private expectedExit = false;
  readonly unexpectedExits: string[] = [];

  constructor(
    readonly service: Service,
    readonly role: Role,
    readonly port: number,
    private readonly env: () => NodeJS.ProcessEnv,
    private readonly logDir: string,
  ) {}

  get name(): string {
    return `${this.service} ${this.role}`;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  start(): void {
    const file = path.join(
      REPO_ROOT,
      'apps',
      this.service,
      'dist',
      this.role === 'worker' ? 'worker.js' : 'main.js',
    );
    const log = fs.openSync(path.join(this.logDir, `${this.service}.${this.role}.log`), 'a');
    this.expectedExit = false;
    const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, file], {
      env: { ...this.env(), SIMLINE_SERVICE: this.service },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    child.on('exit', (code, signal) => {
      if (!this.expectedExit)
        this.unexpectedExits.push(
          `${this.name} exited with ${signal ?? code} at ${new Date().toISOString()}`,
        );
    });
    this.child = child;
  }

  async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(5000) });
      return res.ok;
    } catch {
      return false;
    }
  }

  async waitHealthy(timeoutMs = 90_000): Promise<void> {
    await waitFor(() => this.healthy(), {
      what: `${this.name} to answer /health (log: ${this.logDir})`,
      timeoutMs,
      intervalMs: 100,
    });
  }

  /** kill -9: no shutdown hook runs, nothing is flushed, connections drop as on a power cut. */
  async kill9(): Promise<void> {
    this.expectedExit = true;
    await killChild(this.child, 'SIGKILL');
  }

  async stop(): Promise<void> {
    this.expectedExit = true;
    await killChild(this.child, 'SIGTERM', 10_000);
  }
}

export interface ServerUrls {
  DATABASE_URL: string;
  REDIS_URL: string;
  KAFKA_BROKERS: string;
}

/** Every process of the stack (six services with server and worker, and the gateway), with their env. */
export class ProcessFleet {
  readonly processes: ServiceProcess[] = [];
  private portEnv: Record<string, string> = {};

  constructor(
    private servers: ServerUrls,
    private readonly extraEnv: Record<string, string>,
    readonly logDir: string,
    /** The services to run (default all); the gateway routes to and probes only these. */
    private readonly services: readonly ServiceName[] = SERVICES,
  ) {}

  async create(): Promise<this> {
    fs.mkdirSync(this.logDir, { recursive: true });
    this.portEnv.GATEWAY_SERVICES = this.services.join(',');
    for (const service of [...this.services, 'gateway'] as const) {
      for (const role of service === 'gateway' ? (['server'] as const) : (['server', 'worker'] as const)) {
        const port = await freePort();
        const key = service.toUpperCase();
        this.portEnv[role === 'worker' ? `${key}_WORKER_PORT` : `${key}_PORT`] = String(port);
        this.portEnv[role === 'worker' ? `${key}_WORKER_URL` : `${key}_URL`] = `http://127.0.0.1:${port}`;
        this.processes.push(new ServiceProcess(service, role, port, () => this.env(), this.logDir));
      }
    }
    return this;
  }

  /** The environment every process gets (and the ops CLI): the private servers, the ports of all. */
  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.servers, ...this.portEnv, ...this.extraEnv };
    delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the services
    delete env.PORT;
    return env;
  }

  get(service: Service, role: Role = 'server'): ServiceProcess {
    return this.processes.find((p) => p.service === service && p.role === role)!;
  }

  get gatewayUrl(): string {
    return this.get('gateway').url;
  }

  /** Starts every process and waits until all are healthy. */
  async startAll(): Promise<void> {
    for (const p of this.processes) p.start();
    await Promise.all(this.processes.map((p) => p.waitHealthy(180_000)));
  }

  async allHealthy(): Promise<boolean> {
    return (await Promise.all(this.processes.map((p) => p.healthy()))).every(Boolean);
  }

  unexpectedExits(): string[] {
    return this.processes.flatMap((p) => p.unexpectedExits);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
  }
}
