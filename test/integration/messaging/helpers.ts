import { DataSource, type EntityManager } from 'typeorm';
import { newId, type Plan } from '@simline/contracts';
import { createServiceDataSource, databaseUrlFor, initializeDataSource } from '@simline/persistence';
import { MESSAGING_ENTITIES } from '@simline/messaging';
import { appendToOutbox } from '@simline/messaging';
import { buildEvent } from '@simline/messaging';

/** A database with only the messaging tables and a table of effects, for the library's own tests. */
export async function messagingTestDatabase(name: string): Promise<DataSource> {
  const ds = createServiceDataSource({ service: name, url: databaseUrlFor(name), entities: MESSAGING_ENTITIES, migrations: [] });
  await initializeDataSource(ds, { migrate: false });
  // No migrations exist for a library: the test builds the tables from the entities.
  await ds.synchronize();
  await ds.query('CREATE TABLE IF NOT EXISTS effects (event_id varchar PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), times int NOT NULL DEFAULT 1)');
  return ds;
}

/** Records one application of an effect under `key` in the handler's transaction: `times` counts repeats. */
export async function countEffect(em: EntityManager, key: string): Promise<void> {
  await em.query('INSERT INTO effects (event_id) VALUES ($1) ON CONFLICT (event_id) DO UPDATE SET times = effects.times + 1', [key]);
}

export function samplePlan(overrides: Partial<Plan> = {}): Plan {
  return {
    object: 'plan', id: newId('plan'), metadata: {}, allowances: { dataBytes: 1, voiceSeconds: null, smsMessages: null },
    coverage: { object: 'coverage', id: 'de', countries: ['DE'], name: 'Germany' }, createdAt: new Date().toISOString(),
    description: null, image: null, limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null }, name: 'P',
    price: { amount: 100, currency: 'EUR' }, provider: 'p5',
    requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
    simTypes: ['eSIM'], status: 'draft', validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
    data: 1, dataUnit: 'byte', sms: null, smsUnit: 'message', voice: null, voiceUnit: 'second', ...overrides,
  };
}

/** Commits a plan.created event through the outbox, as a service would with its change. */
export async function commitPlanCreated(ds: DataSource, plan = samplePlan()) {
  const event = buildEvent({ type: 'plan.created', project: 'demo', sequence: 1, data: plan, time: new Date() });
  await ds.transaction((em) => appendToOutbox(em, [event]));
  return event;
}
