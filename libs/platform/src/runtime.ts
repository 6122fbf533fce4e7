import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { EventTransport, isTransientError, OutboxRelay } from '@simline/messaging';
import { SafeQueryLogger } from '@simline/persistence';
import { Scheduler } from '@simline/scheduling';
import { createLogger } from '@simline/observability';
import type { Role } from './config.js';
import { KAFKA, PLATFORM_OPTIONS } from './tokens.js';
import type { PlatformOptions } from './platform.options.js';

/**
 * What runs besides HTTP: the outbox relay and the event consumers (server role), the scheduled-job
 * workers (worker role). Consumers are `@OnEvents` handlers served by `transport`, the service's
 * @nestjs/microservices transport (connected by `createServiceApp` in the roles that consume); `start`
 * runs what the process's role asks for, in order: relay, consumers, workers.
 */
@Injectable()
export class Runtime implements BeforeApplicationShutdown {
  private readonly log = createLogger('runtime');
  /** The event transport of this service: one consumer group per `@OnEvents` handler. */
  readonly transport: EventTransport;
  relay?: OutboxRelay;
  /** The role this process runs (set by `start`). */
  role?: Role;
  private started = false;
  private healing = false;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly opts: PlatformOptions,
    private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly scheduler: Scheduler,
  ) {
    this.transport = new EventTransport({
      service: opts.service,
      kafka,
      dataSource,
      // A hint for test clocks that work happened (libs/scheduling); Redis away for a moment must not stop a consumer
      // whose events are already committed, so a failed bump is logged, not thrown.
      onHandled: (_count, projects) =>
        scheduler.bumpActivity(projects).catch((err) => this.log.warn({ err, service: opts.service }, 'could not record consumer activity for test clocks')),
    });
  }

  /**
   * Starts what the role runs. `startConsumers` starts the connected event transport (`app.startAllMicroservices()`):
   * after the relay, before the workers, and only in the roles that consume (not the worker).
   */
  async start(role: Role, startConsumers?: () => Promise<unknown>): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.role = role;
    const logger = this.dataSource.logger;
    if (logger instanceof SafeQueryLogger) logger.events.on('queryError', (err: unknown) => this.onDatabaseError(err));
    if (role !== 'worker') {
      this.relay = new OutboxRelay({
        service: this.opts.service,
        dataSource: this.dataSource,
        kafka: this.kafka,
        onPublished: (_count, projects) => this.scheduler.bumpActivity(projects),
      });
      await this.relay.start();
      await startConsumers?.();
    }
    if (role !== 'server') await this.scheduler.startWorkers();
    this.log.info({ service: this.opts.service, role, consumers: this.transport.groups }, 'runtime started');
  }

  /**
   * A database outage can swallow work scheduled after a commit (the commit went through, the answer was lost, the
   * caller saw an error and never scheduled its jobs). Once the database answers again, the jobs are re-created
   * from it (the reschedulers, idempotent), instead of waiting for a restart or the periodic reschedule.
   */
  private onDatabaseError(err: unknown): void {
    if (this.healing || !this.started || !isTransientError(err)) return;
    this.healing = true;
    void (async () => {
      for (let attempt = 0; this.started; attempt++) {
        await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** attempt, 10_000)));
        try {
          await this.dataSource.query('SELECT 1');
          await this.scheduler.reschedule();
          this.log.warn({ service: this.opts.service }, 'jobs re-created from the database after an outage');
          break;
        } catch (e) {
          this.log.warn({ service: this.opts.service, err: (e as Error).message }, 'the database is still away; re-creating jobs later');
        }
      }
      this.healing = false;
    })();
  }

  /** Unpublished outbox rows (the test clock waits for none). */
  async outboxPending(): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query('SELECT count(*)::text AS n FROM outbox');
    return Number(rows[0]?.n ?? 0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    this.started = false;
    // Before the relay and the scheduler they use; Nest closes the transport again later (a no-op by then).
    await this.transport.close();
    await this.relay?.stop();
    await this.scheduler.close();
  }
}
