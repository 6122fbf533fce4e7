import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Admin, Kafka } from 'kafkajs';
import { TestClockStore, type TestClockState } from '@simline/clock';
import { createLogger } from '@simline/observability';
import { consumerLagProbe, KAFKA, outboxHttpProbe, Runtime } from '@simline/platform';
import { Scheduler, TestClockCoordinator, TestClockError, type QuiescenceProbe } from '@simline/scheduling';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { ServiceDirectory } from '../partner/service-directory.js';
import { TestClockEntity } from './test-clock.entity.js';
import { TestClockErrorCode, TestClockException } from './test-clock.exception.js';
import { toTestClock, type TestClockView } from './test-clock.view.js';

/**
 * Sandbox projects' test clocks (docs/decisions/0005): reads, advances through the TestClockCoordinator with
 * probes over every service (outbox over HTTP, consumer lag on Kafka), and keeps a copy of each clock in the
 * database that is written back to Redis at start and whenever Redis lost it.
 */
@Injectable()
export class ClockService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = createLogger('test-clock');
  private admin?: Admin;
  private adminReady?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private readonly running = new Map<string, Promise<void>>();
  private readonly coordinator: TestClockCoordinator;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TestClockStore,
    private readonly scheduler: Scheduler,
    private readonly runtime: Runtime,
    private readonly services: ServiceDirectory,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.coordinator = new TestClockCoordinator(this.scheduler, this.store, this.probes());
  }

  private probes(): QuiescenceProbe[] {
    const outbox = outboxHttpProbe(this.services.urls());
    const lag: QuiescenceProbe = async () => {
      if (!this.admin) this.admin = this.kafka.admin();
      await (this.adminReady ??= this.admin.connect());
      return consumerLagProbe(this.admin)();
    };
    const own: QuiescenceProbe = async () => {
      const n = await this.runtime.outboxPending();
      return n > 0 ? `gateway has ${n} unpublished event(s)` : null;
    };
    // An unreachable service counts as busy (the advance waits, then gives up), never as a crash.
    const safe =
      (p: QuiescenceProbe): QuiescenceProbe =>
      () =>
        p().catch((err: unknown) => `probe failed: ${(err as Error).message}`);
    return [own, safe(outbox), safe(lag)];
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.restoreMissing();
    const every = this.config.CLOCK_RESTORE_EVERY_MS;
    if (every > 0) {
      this.timer = setInterval(
        () => void this.restoreMissing().catch((err) => this.log.error({ err }, 'test clock restore failed')),
        every,
      );
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // An advance under way is not waited for beyond a moment: it stops on its own once connections close.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running.values()]),
      new Promise((r) => (timer = setTimeout(r, 1000))),
    ]);
    clearTimeout(timer);
    if (this.adminReady) await this.admin?.disconnect().catch(() => undefined);
  }

  /**
   * Writes back to Redis every clock that the database knows and Redis does not (a Redis loss), then has every
   * service re-create its jobs from its database: jobs are scheduled against their project's clock, so that
   * happens after the clocks are back, and before a partner's next advance could run past their due times.
   */
  async restoreMissing(): Promise<number> {
    const rows = await this.dataSource.getRepository(TestClockEntity).find();
    let restored = 0;
    for (const row of rows) {
      if (await this.store.exists(row.project)) continue;
      // An advance that was under way is lost with Redis; the clock is ready where it was last persisted.
      await this.store.create(row.project, row.now);
      restored++;
    }
    if (restored) {
      this.log.warn({ restored }, 'test clocks restored to Redis from the database');
      await this.rescheduleEverywhere();
    }
    return restored;
  }

  private async rescheduleEverywhere(): Promise<void> {
    await Promise.all(
      Object.entries(this.services.urls()).map(async ([service, url]) => {
        try {
          const res = await fetch(`${url}/internal/jobs/reschedule`, {
            method: 'POST',
            headers: { 'x-simline-internal-token': this.config.INTERNAL_TOKEN },
            signal: AbortSignal.timeout(30_000),
          });
          if (!res.ok) throw new Error(`status ${res.status}`);
        } catch (err) {
          // Its workers heal on their own when they notice the loss (Scheduler marker), a little later.
          this.log.warn({ service, err: (err as Error).message }, 'asking a service to re-create its jobs failed');
        }
      }),
    );
  }

  async get(project: string): Promise<TestClockView> {
    let state = await this.store.get(project);
    if (!state) {
      await this.restoreMissing();
      state = await this.store.get(project);
      if (!state) throw new TestClockException(TestClockErrorCode.NotFound);
    }
    // An advance left `advancing` by a gateway that stopped: resume it here.
    if (
      state.status === 'advancing' &&
      !this.running.has(project) &&
      !(await this.coordinator.isAdvancing(project))
    ) {
      this.start(project, new Date(state.target));
    }
    return toTestClock(state);
  }

  /** Starts moving the clock to `to`; answers when it is `ready`, or `advancing` after the wait bound. */
  async advance(project: string, to: Date): Promise<TestClockView> {
    let state = await this.store.get(project);
    if (!state && (await this.restoreMissing())) state = await this.store.get(project);
    if (!state) throw new TestClockException(TestClockErrorCode.NotFound);
    if (to.getTime() < new Date(state.now).getTime()) {
      throw new TestClockException(
        TestClockErrorCode.Backwards,
        `A test clock only moves forward: it is already ${state.now}.`,
      );
    }
    if (this.running.has(project) || (await this.coordinator.isAdvancing(project)))
      throw new TestClockException(TestClockErrorCode.Advancing);
    const run = this.start(project, to);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<boolean>(
      (resolve) => (timer = setTimeout(() => resolve(false), this.config.CLOCK_ADVANCE_WAIT_MS)),
    );
    const waited = await Promise.race([run.then(() => true), bound]);
    clearTimeout(timer);
    const now = await this.store.get(project);
    if (!now || (now.status === 'ready' && new Date(now.now).getTime() < to.getTime())) {
      // Redis lost the clock during the advance: it is restored where it was last persisted, with its jobs.
      await this.restoreMissing();
      throw new TestClockException(TestClockErrorCode.Lost);
    }
    if (waited && now.status === 'advancing') {
      // The run ended without reaching ready: the system did not settle in time.
      throw new TestClockException(TestClockErrorCode.Busy);
    }
    return toTestClock(now);
  }

  private start(project: string, to: Date): Promise<void> {
    const run = (async () => {
      try {
        await this.store.setTarget(project, to, 'advancing');
        await this.persist(project);
        await this.coordinator.advance({ project, to, timeoutMs: this.config.CLOCK_ADVANCE_TIMEOUT_MS });
      } catch (err) {
        if (err instanceof TestClockError)
          this.log.warn({ project, code: err.code, err: err.message }, 'test clock advance stopped');
        else this.log.error({ project, err }, 'test clock advance failed');
      } finally {
        await this.persist(project).catch((err) =>
          this.log.error({ project, err }, 'persisting the test clock failed'),
        );
        this.running.delete(project);
      }
    })();
    this.running.set(project, run);
    return run;
  }

  /** Copies the clock from Redis to its database row. */
  private async persist(project: string): Promise<void> {
    const s: TestClockState | null = await this.store.get(project);
    if (!s) return;
    await this.dataSource
      .getRepository(TestClockEntity)
      .upsert(
        {
          project,
          now: new Date(s.now),
          target: new Date(s.target),
          status: s.status,
          updatedAt: new Date(s.updatedAt),
        },
        ['project'],
      );
  }
}
