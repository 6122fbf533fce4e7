import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Global, Injectable, Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProjectClock, TestClockStore } from '@simline/clock';
import { JOB_QUEUES, SERVICE_JOBS, type JobName } from '../jobs.js';
import { findJobHandlers, JobsModule, OnJob } from '../on-job.js';
import { createRedis } from '../redis.js';
import { Scheduler, type JobContext } from '../scheduler.js';

// A connection that is never opened: discovery only registers handlers, it does not touch Redis.
const redis = createRedis('redis://127.0.0.1:1', { lazyConnect: true });

function schedulerFor(service: string): Scheduler {
  return new Scheduler({
    service,
    connection: redis,
    clock: new ProjectClock(new TestClockStore(redis, 'unit:')),
  });
}

const job = <N extends JobName>(name: N, payload: JobContext<N>['payload']): JobContext<N> => ({
  name,
  id: `${name}:1`,
  payload,
  dueAt: new Date(0),
  firedAt: new Date(0),
  attempt: 1,
});

@Injectable()
class DeliveryJobs {
  readonly delivered: string[] = [];
  @OnJob('consentRequest.delivery', { concurrency: () => 7 })
  async deliver(j: JobContext<'consentRequest.delivery'>): Promise<void> {
    this.delivered.push(j.payload.consentRequestId);
  }
}

@Injectable()
class ExpiryJobs {
  @OnJob('consentRequest.expiry')
  async expire(): Promise<void> {}
}

@Injectable()
class OtherDeliveryJobs {
  @OnJob('consentRequest.delivery')
  async deliverToo(): Promise<void> {}
}

@Injectable()
class WebhookJobs {
  @OnJob('webhook.delivery')
  async attempt(): Promise<void> {}
}

async function start(
  service: string,
  providers: Type[],
): Promise<{ app: INestApplicationContext; scheduler: Scheduler }> {
  const scheduler = schedulerFor(service);
  @Global()
  @Module({ providers: [{ provide: Scheduler, useValue: scheduler }], exports: [Scheduler] })
  class FakePlatform {}
  @Module({ imports: [FakePlatform, JobsModule], providers })
  class AppModule {}
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  return { app, scheduler };
}

describe('@OnJob', () => {
  const apps: INestApplicationContext[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });

  it('registers every decorated provider method at start, with its options, bound to its instance', async () => {
    const { app, scheduler } = await start('consent', [DeliveryJobs, ExpiryJobs]);
    apps.push(app);
    expect(scheduler.handled().sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'consentRequest.delivery', concurrency: 7 },
      { name: 'consentRequest.expiry', concurrency: 4 },
    ]);
    const instance = app.get(DeliveryJobs);
    const [handler] = findJobHandlers([instance]);
    await handler!.fn(job('consentRequest.delivery', { consentRequestId: 'cr_1' }));
    expect(instance.delivered).toEqual(['cr_1']);
  });

  it('fails the start when a job of the service has no handler', async () => {
    await expect(start('consent', [DeliveryJobs])).rejects.toThrow(
      `Scheduled jobs of consent: job "consentRequest.expiry" has no handler: declare one with @OnJob('consentRequest.expiry') on a provider method`,
    );
  });

  it('fails the start when a job has two handlers', async () => {
    await expect(start('consent', [DeliveryJobs, OtherDeliveryJobs, ExpiryJobs])).rejects.toThrow(
      'job "consentRequest.delivery" has 2 handlers (DeliveryJobs.deliver, OtherDeliveryJobs.deliverToo)',
    );
  });

  it("fails the start when a handler is for a job that is not the service's", async () => {
    await expect(start('consent', [DeliveryJobs, ExpiryJobs, WebhookJobs])).rejects.toThrow(
      'job "webhook.delivery" is handled by WebhookJobs.attempt but is not one of this service\'s jobs',
    );
  });

  it('a service without jobs starts with none', async () => {
    const { app, scheduler } = await start('plans', []);
    apps.push(app);
    expect(scheduler.handled()).toEqual([]);
  });

  it('a second handler registered by hand is refused too', () => {
    const scheduler = schedulerFor('consent');
    scheduler.handle('consentRequest.expiry', async () => undefined);
    expect(() => scheduler.handle('consentRequest.expiry', async () => undefined)).toThrow(
      'already has a handler',
    );
  });

  it('every job but the library test job belongs to exactly one service', () => {
    const owners = new Map<string, string[]>();
    for (const [service, names] of Object.entries(SERVICE_JOBS)) {
      for (const n of names) owners.set(n, [...(owners.get(n) ?? []), service]);
    }
    for (const name of Object.keys(JOB_QUEUES).filter((n) => n !== 'testing.reminder')) {
      expect([name, owners.get(name)?.length]).toEqual([name, 1]);
    }
  });
});
