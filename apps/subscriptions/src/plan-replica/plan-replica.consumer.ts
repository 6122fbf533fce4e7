import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { eventTypesMatching, type AnyEventEnvelope, type Plan } from '@simline/contracts';
import { Runtime } from '@simline/platform';

/** Keeps the plan replica: every `plan.*` event carries the whole plan, and the highest `sequence` wins. */
@Injectable()
export class PlanReplicaConsumer implements OnModuleInit {
  constructor(private readonly runtime: Runtime) {}

  onModuleInit(): void {
    this.runtime.consume({
      name: 'plan-replica',
      types: eventTypesMatching('plan.*'),
      handleBatch: (events, em) => this.apply(events, em),
    });
  }

  /** Upserts the newest snapshot per plan; older or equal sequences change nothing. */
  async apply(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    const newest = new Map<string, AnyEventEnvelope>();
    for (const e of events) {
      const seen = newest.get(e.subject);
      if (!seen || seen.sequence < e.sequence) newest.set(e.subject, e);
    }
    const rows = [...newest.values()];
    await em.query(
      `INSERT INTO plan_replicas (id, project, status, sequence, data, updated_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::int[], $5::jsonb[], $6::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET project = EXCLUDED.project, status = EXCLUDED.status, sequence = EXCLUDED.sequence,
         data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
       WHERE plan_replicas.sequence < EXCLUDED.sequence`,
      [
        rows.map((e) => e.subject),
        rows.map((e) => e.project),
        rows.map((e) => (e.data as Plan).status),
        rows.map((e) => e.sequence),
        rows.map((e) => JSON.stringify(e.data)),
        rows.map((e) => e.time),
      ],
    );
  }
}
