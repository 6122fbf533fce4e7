import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { Clock, ProjectClock, TestClockStore } from '@simline/clock';
import { redisPrefixFor } from '@simline/contracts';
import { createKafka, MESSAGING_ENTITIES } from '@simline/messaging';
import { ProjectReplicaEntity } from './projects/project-replica.entity.js';
import { ProjectsReplica } from './projects/projects.replica.js';
import { ProjectsReplicaConsumer } from './projects/projects-replica.consumer.js';
import { createServiceDataSource, initializeDataSource } from '@simline/persistence';
import { createRedis, JobsModule, Scheduler } from '@simline/scheduling';
import { enableDefaultMetrics } from '@simline/observability';
import { HealthController } from './health.controller.js';
import { AggregateRegistry } from './aggregates/aggregate-registry.js';
import { PlatformInternalController } from './aggregates/aggregates.controller.js';
import { Runtime } from './runtime.js';
import { OwnerReads } from './consistency/owner-reads.js';
import { ResourceReaders } from './consistency/resource-readers.js';
import { KAFKA, PLATFORM_OPTIONS, REDIS } from './tokens.js';
import type { PlatformOptions } from './platform.options.js';

/** Closes the connections the platform opened, after the runtime has stopped using them. */
class ConnectionCloser implements OnApplicationShutdown {
  constructor(
    private readonly redis: Redis,
    private readonly dataSource: DataSource,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The tables every service has: outbox, inbox and the project replica. Put them first in `entities`. */
export const PLATFORM_ENTITIES = [...MESSAGING_ENTITIES, ProjectReplicaEntity];

/**
 * Everything a Simline service stands on, provided once: its DataSource (migrated at start), Kafka, Redis,
 * the project-aware Clock, the Scheduler, the Runtime (relay, consumers, workers), and /health + /metrics.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService(opts: PlatformOptions): DynamicModule {
    enableDefaultMetrics(opts.service);
    process.env.SIMLINE_SERVICE ??= opts.service;
    return {
      module: PlatformModule,
      imports: [TerminusModule.forRoot({ logger: false }), JobsModule],
      controllers: [
        HealthController,
        PlatformInternalController,
        ...(opts.projectsReplica === false ? [] : [ProjectsReplicaConsumer]),
      ],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: opts },
        {
          provide: DataSource,
          useFactory: async () =>
            initializeDataSource(
              createServiceDataSource({ service: opts.service, entities: opts.entities, migrations: opts.migrations }),
            ),
        },
        { provide: KAFKA, useFactory: () => createKafka(`simline-${opts.service}`) },
        { provide: REDIS, useFactory: () => createRedis() },
        { provide: ConnectionCloser, useFactory: (r: Redis, ds: DataSource) => new ConnectionCloser(r, ds), inject: [REDIS, DataSource] },
        { provide: TestClockStore, useFactory: (r: Redis) => new TestClockStore(r, `${redisPrefixFor()}:`), inject: [REDIS] },
        { provide: ProjectClock, useFactory: (s: TestClockStore) => new ProjectClock(s), inject: [TestClockStore] },
        { provide: Clock, useExisting: ProjectClock },
        {
          provide: Scheduler,
          useFactory: (r: Redis, clock: ProjectClock) => new Scheduler({ service: opts.service, connection: r, clock }),
          inject: [REDIS, ProjectClock],
        },
        Runtime,
        ProjectsReplica,
        AggregateRegistry,
        ResourceReaders,
        OwnerReads,
      ],
      exports: [
        DataSource,
        KAFKA,
        REDIS,
        TestClockStore,
        ProjectClock,
        Clock,
        Scheduler,
        Runtime,
        ProjectsReplica,
        AggregateRegistry,
        ResourceReaders,
        OwnerReads,
        PLATFORM_OPTIONS,
      ],
    };
  }
}
