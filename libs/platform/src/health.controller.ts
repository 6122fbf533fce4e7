import { Controller, Get, Header, Inject, type OnModuleDestroy } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { Admin, Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { metricsRegistry } from '@simline/observability';
import { KAFKA, PLATFORM_OPTIONS, REDIS } from './tokens.js';
import { serviceOpenApiPaths } from './openapi.js';
import type { PlatformOptions } from './platform.options.js';
import { Runtime } from './runtime.js';

/** `/health` (PostgreSQL, Redis, Kafka), `/metrics` (Prometheus) and the test-clock probe. */
@Controller()
export class HealthController implements OnModuleDestroy {
  private admin?: Admin;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly runtime: Runtime,
    @Inject(PLATFORM_OPTIONS) private readonly opts: PlatformOptions,
  ) {}

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
            if (!this.admin) {
              const admin = this.kafka.admin();
              await admin.connect();
              this.admin = admin;
            }
            const cluster = await this.admin.describeCluster();
            return { brokers: cluster.brokers.length, controller: cluster.controller };
          })
          .withTimeout(5000),
    ]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
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
