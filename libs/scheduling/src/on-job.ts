import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { SERVICE_JOBS, type JobName } from './jobs.js';
import { Scheduler, type JobContext } from './scheduler.js';

const ON_JOB = Symbol('simline:onJob');

export interface OnJobOptions {
  /** Jobs of this kind run at once per worker (default 4). A function is read at start (from configuration). */
  concurrency?: number | (() => number);
}

interface OnJobMetadata {
  name: JobName;
  options: OnJobOptions;
}

/**
 * Declares a provider method as the handler of a job kind: `@OnJob('subscription.renewal') renew(job) {…}`. The
 * job's name types the method's argument. Handlers are found at start (JobExplorer); a job kind the service
 * declares (SERVICE_JOBS) without a handler, or with two, fails the start.
 */
export function OnJob<N extends JobName>(name: N, options: OnJobOptions = {}) {
  return <F extends (job: JobContext<N>) => Promise<unknown>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): void => {
    Reflect.defineMetadata(ON_JOB, { name, options } satisfies OnJobMetadata, descriptor.value as object);
  };
}

export interface DiscoveredJobHandler {
  name: JobName;
  /** `Class.method`, for messages. */
  where: string;
  concurrency?: number;
  fn: (job: JobContext<JobName>) => Promise<unknown>;
}

/** The `@OnJob` methods of these provider instances. */
export function findJobHandlers(
  instances: Iterable<object>,
  scanner = new MetadataScanner(),
): DiscoveredJobHandler[] {
  const out: DiscoveredJobHandler[] = [];
  for (const instance of instances) {
    const proto = Object.getPrototypeOf(instance) as object | null;
    if (!proto) continue;
    for (const method of scanner.getAllMethodNames(proto)) {
      const fn = (instance as Record<string, unknown>)[method];
      if (typeof fn !== 'function') continue;
      const meta = Reflect.getMetadata(ON_JOB, fn) as OnJobMetadata | undefined;
      if (!meta) continue;
      const c = meta.options.concurrency;
      out.push({
        name: meta.name,
        where: `${instance.constructor.name}.${method}`,
        concurrency: typeof c === 'function' ? c() : c,
        fn: (job) => (fn as (job: JobContext<JobName>) => Promise<unknown>).call(instance, job),
      });
    }
  }
  return out;
}

/**
 * Registers the handlers found, after checking them against the job kinds the service declares: every declared
 * kind has exactly one handler and no handler is for a kind the service does not run. Throws with every problem.
 */
export function registerJobHandlers(
  scheduler: Scheduler,
  handlers: DiscoveredJobHandler[],
  declared: readonly JobName[],
): void {
  const problems: string[] = [];
  const byName = new Map<JobName, DiscoveredJobHandler[]>();
  for (const h of handlers) byName.set(h.name, [...(byName.get(h.name) ?? []), h]);
  for (const name of declared) {
    const found = byName.get(name) ?? [];
    if (!found.length)
      problems.push(`job "${name}" has no handler: declare one with @OnJob('${name}') on a provider method`);
    if (found.length > 1)
      problems.push(
        `job "${name}" has ${found.length} handlers (${found.map((h) => h.where).join(', ')}): keep one`,
      );
  }
  for (const [name, found] of byName) {
    if (!declared.includes(name)) {
      problems.push(
        `job "${name}" is handled by ${found.map((h) => h.where).join(', ')} but is not one of this service's jobs (SERVICE_JOBS)`,
      );
    }
  }
  if (problems.length) throw new Error(`Scheduled jobs of ${scheduler.service}: ${problems.join('; ')}`);
  for (const h of handlers) {
    scheduler.handle(
      h.name,
      async (job) => void (await h.fn(job)),
      h.concurrency === undefined ? {} : { concurrency: h.concurrency },
    );
  }
}

/** Finds the `@OnJob` handlers among the application's providers at start and registers them. */
@Injectable()
export class JobExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    const instances = this.discovery
      .getProviders()
      .filter((w) => w.isDependencyTreeStatic() && !w.isAlias)
      .map((w) => w.instance as unknown)
      .filter((i): i is object => typeof i === 'object' && i !== null);
    const declared =
      (SERVICE_JOBS as Record<string, readonly JobName[] | undefined>)[this.scheduler.service] ?? [];
    registerJobHandlers(this.scheduler, findJobHandlers(new Set(instances), this.scanner), declared);
  }
}

/** `@OnJob` discovery; the Scheduler comes from the platform (global). */
@Module({ imports: [DiscoveryModule], providers: [JobExplorer] })
export class JobsModule {}
