import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { eventTypesMatching, type AnyEventEnvelope, type Subscription, type User } from '@simline/contracts';
import { Runtime } from '@simline/platform';
import { ConsentRequestsService } from '../consent-requests/consent-requests.service.js';

/** Keeps only the newest event per subject (events carry the whole resource). */
function newestPerSubject(events: AnyEventEnvelope[]): AnyEventEnvelope[] {
  const newest = new Map<string, AnyEventEnvelope>();
  for (const e of events) {
    const seen = newest.get(e.subject);
    if (!seen || seen.sequence < e.sequence) newest.set(e.subject, e);
  }
  return [...newest.values()];
}

/**
 * The subscription and user replicas: every `subscription.*` / `user.*` event carries the whole resource, and
 * the highest `sequence` wins, so out-of-order delivery across topics is harmless. A subscription that ended
 * takes its open consent requests with it (their links die).
 */
@Injectable()
export class ReplicasConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: Runtime,
    private readonly consentRequests: ConsentRequestsService,
  ) {}

  onModuleInit(): void {
    this.runtime.consume({ name: 'subscription-replica', types: eventTypesMatching('subscription.*'), handleBatch: (events, em) => this.applySubscriptions(events, em) });
    this.runtime.consume({ name: 'user-replica', types: eventTypesMatching('user.*'), handleBatch: (events, em) => this.applyUsers(events, em) });
  }

  async applySubscriptions(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    const rows = newestPerSubject(events);
    const applied: Array<{ id: string; project: string; status: string }> = await em.query(
      `INSERT INTO subscription_replicas (id, project, status, user_id, sequence, data, updated_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::int[], $6::jsonb[], $7::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET project = EXCLUDED.project, status = EXCLUDED.status, user_id = EXCLUDED.user_id,
         sequence = EXCLUDED.sequence, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
       WHERE subscription_replicas.sequence < EXCLUDED.sequence
       RETURNING id, project, status`,
      [
        rows.map((e) => e.subject),
        rows.map((e) => e.project),
        rows.map((e) => (e.data as Subscription).status),
        rows.map((e) => (e.data as Subscription).user.id),
        rows.map((e) => e.sequence),
        rows.map((e) => JSON.stringify(e.data)),
        rows.map((e) => e.time),
      ],
    );
    for (const s of applied) {
      if (s.status === 'ended') await this.consentRequests.cancelOpenForSubscription(em, s.project, s.id);
    }
  }

  async applyUsers(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    const rows = newestPerSubject(events);
    await em.query(
      `INSERT INTO user_replicas (id, project, sequence, deleted, data, updated_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::boolean[], $5::jsonb[], $6::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET project = EXCLUDED.project, sequence = EXCLUDED.sequence, deleted = EXCLUDED.deleted,
         data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
       WHERE user_replicas.sequence < EXCLUDED.sequence`,
      [
        rows.map((e) => e.subject),
        rows.map((e) => e.project),
        rows.map((e) => e.sequence),
        rows.map((e) => e.type === 'user.deleted'),
        rows.map((e) => JSON.stringify(e.data as User)),
        rows.map((e) => e.time),
      ],
    );
  }
}
