import type { Project } from '@simline/contracts';
import { provisionTopics, startService, waitFor, type RunningService } from '@simline/testing';
import { AppModule as PlansModule } from '../../../apps/plans/src/app.module.js';
import { AppModule as SubscriptionsModule } from '../../../apps/subscriptions/src/app.module.js';
import { AppModule as PortingModule } from '../../../apps/porting/src/app.module.js';
import { AppModule as BillingModule } from '../../../apps/billing/src/app.module.js';
import { AppModule as ConsentModule } from '../../../apps/consent/src/app.module.js';
import { AppModule as EventsModule } from '../../../apps/events/src/app.module.js';
import { AppModule as UsageModule } from '../../../apps/usage/src/app.module.js';
import { createGatewayApp } from '../../../apps/gateway/src/app.js';
import { adminClient, partnerClient, type AdminClient, type PartnerClient } from './partner-client.js';

export {
  partnerClient,
  adminClient,
  type PartnerClient,
  type AdminClient,
  type ApiResponse,
} from './partner-client.js';

export const STACK_SERVICES = ['plans', 'subscriptions', 'porting', 'billing', 'consent', 'events', 'usage'] as const;
export type StackService = (typeof STACK_SERVICES)[number];

const MODULES: Record<StackService, unknown> = {
  plans: PlansModule,
  subscriptions: SubscriptionsModule,
  porting: PortingModule,
  billing: BillingModule,
  consent: ConsentModule,
  events: EventsModule,
  usage: UsageModule,
};

export interface TestClockView {
  object: 'testClock';
  project: string;
  now: string;
  target: string;
  status: 'ready' | 'advancing';
  updatedAt: string;
}

export interface NewProjectOptions {
  id?: string;
  name?: string;
  /** Default true: the project gets a test clock starting now. */
  sandbox?: boolean;
  billing?: boolean;
  currency?: string;
  emails?: boolean;
  emailsFrom?: string;
}

export interface StackOptions {
  /** The services to start (default all seven); the gateway is always started. */
  services?: readonly StackService[];
  /** The first project (default `demo`, sandbox). */
  project?: NewProjectOptions;
  /** Extra environment for the gateway only (e.g. `{ RATE_LIMIT_REQUESTS: '5' }`), restored at stop. */
  gatewayEnv?: Record<string, string>;
}

export interface Stack {
  gateway: RunningService;
  /** A partner client with the first project's API key. */
  api: PartnerClient;
  /** The first project's id. */
  project: string;
  projectInfo: Project;
  clock: {
    /** Advances the first project's clock and waits until it is `ready`. */
    advance(to: Date | string, timeoutMs?: number): Promise<TestClockView>;
    get(): Promise<TestClockView>;
  };
  services: Partial<Record<StackService, RunningService>>;
  admin: AdminClient;
  /** Another project (sandbox by default) and a client with its own key. */
  newProject(opts?: NewProjectOptions): Promise<{ project: Project; api: PartnerClient }>;
  /** A new API key for a project. */
  newKey(project: string): Promise<PartnerClient & { keyId: string }>;
  stop(): Promise<void>;
}

const DEV_ADMIN_TOKEN = 'test-admin-token-not-a-secret';

/** Fresh topics can take a moment to have leaders everywhere; a service that starts into that window retries. */
async function startWithRetry(name: StackService, attempts = 3): Promise<RunningService> {
  for (let i = 1; ; i++) {
    try {
      return await startService(MODULES[name], name, 'all');
    } catch (err) {
      const transient = /topic-partition|coordinator|leader/i.test((err as Error).message ?? '');
      if (!transient || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 500 * i));
    }
  }
}

/** Sets env variables and returns a function that puts the previous values back. */
function setEnv(vars: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

async function checked(res: { status: number; body: unknown }, what: string, expected: number) {
  if (res.status !== expected)
    throw new Error(`${what}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * The whole stack in this process, on this test file's namespace: the chosen services (role `all`, free
 * ports), the gateway in front of them, topics, a sandbox project and its API key. Partners' view only:
 * everything goes through the gateway.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const chosen = opts.services ?? STACK_SERVICES;
  const restores: Array<() => void> = [];
  restores.push(setEnv({ ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? DEV_ADMIN_TOKEN }));
  const services: Partial<Record<StackService, RunningService>> = {};
  let gateway: RunningService | undefined;
  const stop = async () => {
    await gateway?.close().catch((err: unknown) => console.error('stopping the gateway failed', err));
    await Promise.all(
      Object.entries(services).map(([name, s]) =>
        s.close().catch((err: unknown) => console.error(`stopping ${name} failed`, err)),
      ),
    );
    for (const r of restores.reverse()) r();
  };
  try {
    await provisionTopics();
    await Promise.all(
      chosen.map(async (name) => {
        services[name] = await startWithRetry(name);
      }),
    );
    const urls = Object.fromEntries(chosen.map((name) => [`${name.toUpperCase()}_URL`, services[name]!.url]));
    restores.push(setEnv({ ...urls, GATEWAY_SERVICES: chosen.join(',') }));
    const restoreGatewayEnv = setEnv(opts.gatewayEnv ?? {});
    const app = await createGatewayApp('all', 0);
    restoreGatewayEnv();
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    gateway = { app, url, close: () => app.close() };
    // Services read projects through from the gateway on a miss.
    restores.push(setEnv({ GATEWAY_URL: url }));
    const admin = adminClient(url, process.env.ADMIN_TOKEN!);

    const newKey = async (project: string) => {
      const body = (await checked(await admin.post('/admin/keys', { project }), 'create API key', 201)) as {
        id: string;
        secret: string;
      };
      return Object.assign(partnerClient(url, body.secret, project), { keyId: body.id });
    };
    const newProject = async (p: NewProjectOptions = {}) => {
      const id = p.id ?? `p${Math.random().toString(36).slice(2, 10)}`;
      const project = (await checked(
        await admin.post('/admin/projects', {
          id,
          ...(p.name ? { name: p.name } : {}),
          sandbox: p.sandbox ?? true,
          settings: {
            billing: { enabled: p.billing ?? false, ...(p.currency ? { currency: p.currency } : {}) },
            emails: { enabled: p.emails ?? false, ...(p.emailsFrom ? { from: p.emailsFrom } : {}) },
          },
        }),
        `create project ${id}`,
        201,
      )) as Project;
      return { project, api: await newKey(id) };
    };

    const first = await newProject({ id: 'demo', ...opts.project });
    const api = first.api;
    const clock = {
      get: async () => (await checked(await api.get('/clock'), 'get the test clock', 200)) as TestClockView,
      advance: async (to: Date | string, timeoutMs = 120_000) => {
        const iso = typeof to === 'string' ? to : to.toISOString();
        const res = (await checked(
          await api.post('/clock/advance', { to: iso }),
          `advance the test clock to ${iso}`,
          200,
        )) as TestClockView;
        if (res.status === 'ready') return res;
        return waitFor(
          async () => {
            const c = await clock.get();
            return c.status === 'ready' ? c : undefined;
          },
          { timeoutMs, intervalMs: 100, what: `the test clock to be ready at ${iso}` },
        );
      },
    };
    return {
      gateway,
      api,
      project: first.project.id,
      projectInfo: first.project,
      clock,
      services,
      admin,
      newProject,
      newKey,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
