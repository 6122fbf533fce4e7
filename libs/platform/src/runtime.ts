import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Kafka } from 'kafkajs';
import { EventConsumer, OutboxRelay, type EventConsumerOptions } from '@simline/messaging';
import { Scheduler } from '@simline/scheduling';
import { createLogger } from '@simline/observability';
import type { Role } from './config.js';
import { KAFKA, PLATFORM_OPTIONS } from './tokens.js';
import type { PlatformOptions } from './platform.options.js';

export type ConsumerRegistration = Omit<EventConsumerOptions, 'service' | 'kafka' | 'dataSource' | 'onHandled'>;

/**
 * What runs besides HTTP: the outbox relay and the event consumers (server role), the scheduled-job
 * workers (worker role). Features register their consumers and job handlers at module init; `start`
 * runs what the process's role asks for.
 */
@Injectable()
export class Runtime implements BeforeApplicationShutdown {
  private readonly log = createLogger('runtime');
  private readonly registrations: ConsumerRegistration[] = [];
  private readonly consumers: EventConsumer[] = [];
  relay?: OutboxRelay;
  /** The role this process runs (set by `start`). */
  role?: Role;
  private started = false;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly opts: PlatformOptions,
    private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly scheduler: Scheduler,
  ) {}

  /** Registers an idempotent event consumer (started in the server role). */
  consume(registration: ConsumerRegistration): void {
    this.registrations.push(registration);
  }

  async start(role: Role): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.role = role;
    if (role !== 'worker') {
      this.relay = new OutboxRelay({
        service: this.opts.service,
        dataSource: this.dataSource,
        kafka: this.kafka,
        onPublished: () => this.scheduler.bumpActivity(),
      });
      await this.relay.start();
      for (const r of this.registrations) {
        const consumer = new EventConsumer({
          ...r,
          service: this.opts.service,
          kafka: this.kafka,
          dataSource: this.dataSource,
          onHandled: () => this.scheduler.bumpActivity(),
        });
        await consumer.start();
        this.consumers.push(consumer);
      }
    }
    if (role !== 'server') await this.scheduler.startWorkers();
    this.log.info({ service: this.opts.service, role, consumers: this.consumers.map((c) => c.group) }, 'runtime started');
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
    await Promise.all(this.consumers.map((c) => c.stop()));
    this.consumers.length = 0;
    await this.relay?.stop();
    await this.scheduler.close();
  }
}
