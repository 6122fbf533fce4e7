import { DataSource } from 'typeorm';
import { TestClockStore, type TestClockState } from '@simline/clock';
import { redisPrefixFor } from '@simline/contracts';
import { createKafka } from '@simline/messaging';
import { consumerLagProbe, Runtime } from '@simline/platform';
import { createRedis, Scheduler, TestClockCoordinator, type QuiescenceProbe } from '@simline/scheduling';
import { ProjectClock } from '@simline/clock';
import type { RunningService } from './stack.js';

/**
 * Test clocks for services started in this process: create a project's clock and advance it so that every
 * job due on the way fires in order (the same coordinator the gateway uses, with in-process probes).
 */
export class TestClocks {
  private readonly redis = createRedis();
  private readonly store = new TestClockStore(this.redis, `${redisPrefixFor()}:`);
  private readonly scheduler = new Scheduler({
    service: 'test-clock',
    connection: this.redis,
    clock: new ProjectClock(this.store),
    rescheduleEveryMs: 0,
  });
  private readonly probes: QuiescenceProbe[];
  private readonly admin = createKafka('simline-test-clock').admin();
  private adminReady?: Promise<void>;

  constructor(services: RunningService[]) {
    const outbox: QuiescenceProbe = async () => {
      for (const s of services) {
        const n = await s.app.get(Runtime).outboxPending();
        if (n > 0) return `unpublished events in ${s.app.get(DataSource).options.database ?? 'a service'}`;
      }
      return null;
    };
    const lag = consumerLagProbe(this.admin);
    this.probes = [
      outbox,
      async () => {
        await (this.adminReady ??= this.admin.connect());
        return lag();
      },
    ];
  }

  create(project: string, start: Date | string): Promise<TestClockState> {
    return this.store.create(project, new Date(start));
  }

  get(project: string): Promise<TestClockState | null> {
    return this.store.get(project);
  }

  advance(project: string, to: Date | string, timeoutMs = 60_000): Promise<TestClockState> {
    return new TestClockCoordinator(this.scheduler, this.store, this.probes).advance({
      project,
      to: new Date(to),
      timeoutMs,
    });
  }

  /** Waits until the whole system has settled without moving time. */
  settle(timeoutMs = 30_000): Promise<void> {
    return new TestClockCoordinator(this.scheduler, this.store, this.probes).settle(Date.now() + timeoutMs);
  }

  async close(): Promise<void> {
    await this.scheduler.close();
    if (this.adminReady) await this.admin.disconnect();
    this.redis.disconnect();
  }
}
