// The whole stack as child processes on private servers, with a sandbox project on a test clock, billing on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseNameFor } from '@simline/contracts';
import { createKafka, provisionCatalogueTopics } from '@simline/messaging';
import { waitFor } from '@simline/testing';
import { adminClient, partnerClient, type PartnerClient } from '../../e2e/support/partner-client.js';
import { ProcessFleet, SERVICES, type ServiceName as Service } from './processes.js';
import { PrivateKafka, PrivatePostgres, PrivateRedis } from './servers.js';

export const ADMIN_TOKEN = 'chaos-admin-token-not-a-secret';

export interface ClockView {
  now: string;
  target: string;
  status: 'ready' | 'advancing';
}

export class ChaosStack {
  readonly postgres = new PrivatePostgres();
  readonly redis = new PrivateRedis();
  readonly kafka = new PrivateKafka();
  /** The payment processor is an outside party: its records live in a Redis the faults never touch. */
  readonly processorRedis = new PrivateRedis();
  fleet!: ProcessFleet;
  api!: PartnerClient;
  readonly project = 'chaos';
  readonly logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'simline-chaos-logs-'));
  private pools = new Map<string, pg.Pool>();
  /** How long the private servers and the processes took to start (ms). */
  readonly timings: { servers?: number; processes?: number } = {};
  private restoreEnv?: () => void;

  async start(extraEnv: Record<string, string> = {}, services: readonly Service[] = SERVICES): Promise<void> {
    const t0 = Date.now();
    await Promise.all([
      this.postgres.start(),
      this.redis.start(),
      this.kafka.start(),
      this.processorRedis.start(),
    ]);
    this.timings.servers = Date.now() - t0;
    const servers = {
      DATABASE_URL: this.postgres.url,
      REDIS_URL: this.redis.url,
      KAFKA_BROKERS: this.kafka.url,
    };
    // This process's own clients (topics, lag, dead letters) talk to the private servers too.
    const before = { ...process.env };
    Object.assign(process.env, servers);
    this.restoreEnv = () => {
      for (const k of Object.keys(servers)) process.env[k] = before[k];
    };
    const admin = createKafka('chaos-provision').admin();
    await admin.connect();
    await provisionCatalogueTopics(admin);
    await admin.disconnect();
    this.fleet = await new ProcessFleet(
      servers,
      {
        ADMIN_TOKEN,
        LOG_LEVEL: 'warn',
        PAYMENT_SIMULATOR_REDIS_URL: this.processorRedis.url,
        // A Redis loss is healed by the reschedulers; the fault suite measures how fast.
        ...extraEnv,
      },
      this.logDir,
      services,
    ).create();
    const t1 = Date.now();
    await this.fleet.startAll();
    this.timings.processes = Date.now() - t1;
  }

  /** A sandbox project with billing on, and a partner client with its key. */
  async createProject(): Promise<void> {
    const admin = adminClient(this.fleet.gatewayUrl, ADMIN_TOKEN);
    const p = await admin.post('/admin/projects', {
      id: this.project,
      sandbox: true,
      settings: { billing: { enabled: true }, emails: { enabled: false } },
    });
    if (p.status !== 201) throw new Error(`create project: ${p.status} ${JSON.stringify(p.body)}`);
    const k = await admin.post('/admin/keys', { project: this.project });
    if (k.status !== 201) throw new Error(`create key: ${k.status} ${JSON.stringify(k.body)}`);
    this.api = partnerClient(this.fleet.gatewayUrl, k.body.secret as string, this.project);
  }

  /** A query on one service's database on the private server. */
  async sql<T = Record<string, unknown>>(
    service: string,
    text: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    let pool = this.pools.get(service);
    if (!pool) {
      const url = new URL(this.postgres.url);
      url.pathname = '/' + databaseNameFor(service);
      pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
      pool.on('error', () => undefined); // a PostgreSQL restart drops idle connections; the next query reconnects
      this.pools.set(service, pool);
    }
    return (await pool.query(text, params)).rows as T[];
  }

  async clock(): Promise<ClockView> {
    const r = await this.api.get('/clock');
    if (r.status !== 200) throw new Error(`GET /clock: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as ClockView;
  }

  /**
   * Asks the clock to move to `to` and returns once it is moving (the POST itself waits for the advance up to a
   * bound: it runs in the background, and a failed one is asked again by waitClock).
   */
  async startAdvance(to: Date): Promise<void> {
    const post = this.api.post('/clock/advance', { to: to.toISOString() }).catch(() => null);
    await waitFor(
      async () => {
        const c = await this.clock().catch(() => null);
        if (c && (c.status === 'advancing' || new Date(c.now).getTime() >= to.getTime())) return true;
        const settled = await Promise.race([post, new Promise((r) => setTimeout(() => r('pending'), 50))]);
        if (
          settled !== 'pending' &&
          settled &&
          typeof settled === 'object' &&
          (settled as { status: number }).status >= 400 &&
          (settled as { status: number }).status !== 409
        )
          throw new Error(`POST /clock/advance: ${JSON.stringify(settled)}`);
        return false;
      },
      { what: 'the test clock to start advancing', timeoutMs: 120_000, intervalMs: 20 },
    );
  }

  /**
   * Waits until the clock is ready at `to`. An advance lost with Redis (FLUSHALL) leaves the clock ready where
   * it was last persisted, behind `to`: it is asked again, as a partner would.
   */
  async waitClock(to: Date, timeoutMs: number): Promise<void> {
    await waitFor(
      async () => {
        const c = await this.clock().catch(() => null);
        if (!c) return false;
        if (c.status === 'ready' && new Date(c.now).getTime() >= to.getTime()) return true;
        if (c.status === 'ready')
          await this.api.post('/clock/advance', { to: to.toISOString() }).catch(() => null);
        return false;
      },
      { what: `the test clock to be ready at ${to.toISOString()}`, timeoutMs, intervalMs: 200 },
    );
  }

  async stop({ keepLogs = process.env.KEEP_CHAOS_LOGS === '1' }: { keepLogs?: boolean } = {}): Promise<void> {
    await this.fleet?.stopAll().catch(() => undefined);
    for (const p of this.pools.values()) await p.end().catch(() => undefined);
    this.restoreEnv?.();
    await Promise.all([
      this.postgres.stop(),
      this.redis.stop(),
      this.kafka.stop(),
      this.processorRedis.stop(),
    ]);
    if (!keepLogs) fs.rmSync(this.logDir, { recursive: true, force: true });
  }
}
