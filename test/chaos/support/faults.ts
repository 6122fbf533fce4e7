// The faults the suite injects, one at a time, and the moment of a storm each one is aimed at.
import type { ChaosStack } from './chaos-stack.js';
import { SERVICES, type Role, type Service } from './processes.js';

/**
 * Where a storm is: `renewing` (the subscriptions worker is renewing), `invoicing` (billing turns renewals into
 * invoices), `charging` (billing's worker charges them). A fault waits for its stage, or strikes as soon as it
 * has passed (a small storm can be quicker than the poll).
 */
export type Stage = 'renewing' | 'invoicing' | 'charging';

export interface Fault {
  name: string;
  stage: Stage;
  /** Injects the fault and brings the broken part back (as a supervisor would), returning when it is back. */
  inject(stack: ChaosStack): Promise<void>;
}

function killProcess(service: Service, role: Role, stage: Stage): Fault {
  return {
    name: `kill -9 ${service} ${role}`,
    stage,
    async inject(stack) {
      const p = stack.fleet.get(service, role);
      await p.kill9();
      p.start();
      await p.waitHealthy();
    },
  };
}

/** The stage at which killing a process hurts most: while it is doing its part of the storm. */
const STAGE_OF: Record<string, Stage> = {
  'subscriptions worker': 'renewing',
  'subscriptions server': 'invoicing',
  'billing server': 'invoicing',
  'billing worker': 'charging',
  'events server': 'charging',
  'gateway server': 'renewing',
};

export const PROCESS_FAULTS: Fault[] = [...SERVICES, 'gateway' as const].flatMap((service) =>
  (service === 'gateway' ? (['server'] as const) : (['server', 'worker'] as const)).map((role) =>
    killProcess(service, role, STAGE_OF[`${service} ${role}`] ?? 'charging'),
  ),
);

export const SERVER_FAULTS: Fault[] = [
  {
    name: 'Kafka broker kill -9 and restart',
    stage: 'invoicing',
    inject: (stack) => stack.kafka.restart(),
  },
  {
    name: 'Redis FLUSHALL (every job, clock and lock lost)',
    stage: 'renewing',
    inject: (stack) => stack.redis.flushAll(),
  },
  {
    name: 'Redis restart',
    stage: 'charging',
    inject: (stack) => stack.redis.restart(),
  },
  {
    name: 'PostgreSQL restart (immediate: every connection dropped, crash recovery)',
    stage: 'invoicing',
    inject: (stack) => stack.postgres.restart(),
  },
];

export const ALL_FAULTS: Fault[] = [...PROCESS_FAULTS, ...SERVER_FAULTS];

/**
 * The short run inside `npm test`: the gateway killed while it drives the test clock, Redis lost, PostgreSQL
 * restarted. (A killed worker costs BullMQ's stalled-job detection, 30-60 s, and a killed consumer process or
 * broker a Kafka session timeout, 30 s: those are in the full run.)
 */
export const SHORT_FAULTS: Fault[] = ALL_FAULTS.filter((f) =>
  ['kill -9 gateway server', 'Redis FLUSHALL', 'PostgreSQL restart'].some((n) => f.name.startsWith(n)),
);
