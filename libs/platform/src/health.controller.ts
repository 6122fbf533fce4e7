import { Controller, Get, Header, Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import type { Admin, Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { consumerGroupFor } from '@simline/contracts';
import { consumerLag } from '@simline/messaging';
import { cachedFor, instrumentHttp, metricsRegistry, PinoNestLogger, scrapeGauge } from '@simline/observability';
import { Scheduler, watchQueues } from '@simline/scheduling';
import { KAFKA, PLATFORM_OPTIONS, REDIS } from './tokens.js';
import { serviceOpenApiPaths } from './openapi.js';
import type { PlatformOptions } from './platform.options.js';
import { Runtime } from './runtime.js';

// Nest's own lines as pino JSON, installed when the platform is imported: before NestFactory.create logs anything.
Logger.overrideLogger(new PinoNestLogger());

const outboxBacklog = scrapeGauge('outbox_backlog_events', 'Outbox rows not yet published to Kafka', ['service']);
const outboxOldest = scrapeGauge('outbox_oldest_event_age_seconds', 'Age of the oldest unpublished outbox row (0 when none)', ['service']);
const consumerLagGauge = scrapeGauge(
  'kafka_consumer_lag_messages',
  "Messages on a partition not yet committed by the service's consumer group",
  ['service', 'group', 'topic', 'partition'],
);

/**
 * `/health` (PostgreSQL, Redis, Kafka), `/metrics` (Prometheus) and the test-clock probe. `/metrics` also shows
 * the HTTP metrics of every request (instrumentHttp) and what is read when it is scraped: outbox backlog, consumer
 * lag per group and partition, queue depth and lateness. Nothing is measured between scrapes.
 */
@Controller()
export class HealthController implements OnModuleInit, OnModuleDestroy {
  private admin?: Promise<Admin>;
  private readonly unwatch: Array<() => void> = [];

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly runtime: Runtime,
    @Inject(PLATFORM_OPTIONS) private readonly opts: PlatformOptions,
    private readonly scheduler: Scheduler,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const service = this.opts.service;
    instrumentHttp(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), service);
    const outbox = cachedFor(2000, async () => {
      const [row]: Array<{ n: number; age: number | null }> = await this.dataSource.query(
        'SELECT count(*)::int AS n, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age FROM outbox',
      );
      return { n: row?.n ?? 0, age: Math.max(0, row?.age ?? 0) };
    });
    const groupPrefix = consumerGroupFor(service, '');
    const lag = cachedFor(5000, async () => consumerLag(await this.kafkaAdmin(), (g) => g.startsWith(groupPrefix)));
    this.unwatch.push(
      outboxBacklog.add(async () => [{ labels: { service }, value: (await outbox()).n }]),
      outboxOldest.add(async () => [{ labels: { service }, value: (await outbox()).age }]),
      consumerLagGauge.add(async () =>
        (await lag()).flatMap((g) => g.partitions.map((p) => ({ labels: { service, group: g.group, topic: p.topic, partition: p.partition }, value: p.lag }))),
      ),
      watchQueues(this.scheduler),
    );
  }

  /** One admin client for /health and the lag gauge, connected on first use (a failed connect is tried again). */
  private kafkaAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      const ready = admin.connect().then(() => admin);
      this.admin = ready;
      ready.catch(() => {
        if (this.admin === ready) this.admin = undefined;
      });
    }
    return this.admin;
  }

  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.indicator.check('postgres').attempt(async () => void (await this.dataSource.query('SELECT 1'))).withTimeout(2000),
      () => this.indicator.check('redis').attempt(async () => void (await this.redis.ping())).withTimeout(2000),
      () =>
        this.indicator
          .check('kafka')
          .attempt(async () => {
            const cluster = await (await this.kafkaAdmin()).describeCluster();
            return { brokers: cluster.brokers.length, controller: cluster.controller };
          })
          .withTimeout(5000),
    ]);
  }

  async onModuleDestroy(): Promise<void> {
    for (const remove of this.unwatch.splice(0)) remove();
    const admin = await this.admin?.catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }

  /** This service's partner endpoints as OpenAPI paths; the gateway merges them into /openapi.json. */
  @Get('internal/openapi')
  openapi(): { service: string; paths: Record<string, unknown> } {
    return { service: this.opts.service, paths: serviceOpenApiPaths(this.opts) };
  }

  /** For test clocks: how much this service has not published yet. */
  @Get('internal/quiescence')
  async quiescence(): Promise<{ outboxPending: number }> {
    return { outboxPending: await this.runtime.outboxPending() };
  }
}
