import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Plan, Subscription, Validity } from '@simline/contracts';
import { sqlArray } from '@simline/persistence';
import { OwnerReads } from '@simline/platform';
import { SubscriptionReplicas } from '../subscriptions/subscription-replicas.service.js';

/** What attributing a record needs of its subscription: a few fields of the replica's snapshot. */
export interface Terms {
  project: string;
  /** The snapshot's `sequence`: a snapshot never changes under one sequence, so neither do its terms. */
  sequence: number | null;
  activatedAt: number | null;
  endedAt: number | null;
  validity: Pick<Validity, 'unit' | 'value'>;
  allowances: { data: number | null; voice: number | null; sms: number | null };
  /** The plan caps or throttles data: the network's state may have to change after usage. */
  limitsData: boolean;
  /** The period the last record fell in (most records of a subscription fall in its current period). */
  lastPeriod?: { number: number; start: number; end: number; startIso: string; endIso: string };
}

interface TermsFields {
  activatedAt: string | null;
  endedAt: string | null;
  validity: Pick<Validity, 'unit' | 'value'>;
  allowances: Plan['allowances'];
  limits: Plan['limits'];
}

const CACHE_LIMIT = 1_000_000;

/**
 * The terms of the subscriptions of a batch of records, from usage's replica. The replica's `data` is the whole
 * Subscription (2 KB of JSON with its plan and user): reading and parsing it for every subscription of every batch
 * was most of ingestion's cost (docs/benchmarks.md, "usage"). A replica row is only ever replaced by a higher
 * `sequence` (upsertSnapshots), so the terms read for (id, sequence) stay true: each batch reads the sequences in
 * its transaction, and the snapshot's fields only for subscriptions not known at that sequence.
 */
@Injectable()
export class SubscriptionTerms {
  private readonly known = new Map<string, Terms>();

  constructor(
    private readonly replicas: SubscriptionReplicas,
    private readonly owners: OwnerReads,
  ) {}

  /**
   * `now`: the time an owner's answer is stored at. `firstUsage` is filled with each replica row's first usage time
   * (epoch ms, null for none) as read in this transaction; subscriptions the replica did not have are left out.
   */
  async of(
    em: EntityManager,
    events: ReadonlyArray<{ project: string; subject: string }>,
    now: Date,
    firstUsage?: Map<string, number | null>,
  ): Promise<Map<string, Terms>> {
    const wanted = new Map<string, string>();
    for (const e of events) if (!wanted.has(e.subject)) wanted.set(e.subject, e.project);
    const ids = [...wanted.keys()];
    const rows: Array<{
      id: string;
      project: string;
      sequence: number;
      first: number | null;
      terms: TermsFields | null;
    }> = await em.query(
      `SELECT r.id, r.project, r.sequence, (extract(epoch FROM r.first_usage_at) * 1000)::float8 AS first,
                CASE WHEN k.seq IS DISTINCT FROM r.sequence THEN jsonb_build_object(
                  'activatedAt', r.data->'activatedAt', 'endedAt', r.data->'endedAt', 'validity', r.data->'plan'->'validity',
                  'allowances', r.data->'plan'->'allowances', 'limits', r.data->'plan'->'limits') END AS terms
         FROM unnest($1::varchar[], $2::int[]) AS k(id, seq) JOIN subscription_replicas r ON r.id = k.id`,
      [sqlArray(ids), sqlArray(ids.map((id) => this.known.get(id)?.sequence ?? null))],
    );
    const out = new Map<string, Terms>();
    for (const r of rows) {
      firstUsage?.set(r.id, r.first);
      let t = this.known.get(r.id);
      if (r.terms || !t) {
        t = termsOf(r.project, r.sequence, r.terms!);
        if (this.known.size >= CACHE_LIMIT) this.known.clear();
        this.known.set(r.id, t);
      }
      out.set(r.id, t);
    }
    if (out.size < ids.length) {
      // Not in the replica yet: its owner says (docs/decisions/0008); the answer is stored as a snapshot.
      const missing = ids.filter((id) => !out.has(id)).map((id) => ({ id, project: wanted.get(id)! }));
      for (const [id, row] of await this.replicas.find(em, missing, now))
        out.set(id, termsOfSubscription(row.project, row.data));
    }
    return out;
  }

  /**
   * The owner's word on one subscription, stored in the replica: asked before a record is refused on what the
   * replica says, which may be older than what the partner was shown (activated a moment ago; docs/decisions/0008).
   */
  async fromOwner(em: EntityManager, id: string, project: string, now: Date): Promise<Terms | null> {
    const owned = await this.owners.get<Subscription>('subscriptions', 'subscription', project, id);
    if (!owned) return null;
    await this.replicas.store(em, [{ ...owned, time: now.toISOString() }]);
    return termsOfSubscription(owned.project, owned.data);
  }
}

function termsOfSubscription(project: string, s: Subscription): Terms {
  const { validity, allowances, limits } = s.plan;
  return termsOf(project, null, {
    activatedAt: s.activatedAt,
    endedAt: s.endedAt,
    validity,
    allowances,
    limits,
  });
}

function termsOf(project: string, sequence: number | null, f: TermsFields): Terms {
  const a = f.allowances;
  return {
    project,
    sequence,
    activatedAt: f.activatedAt ? Date.parse(f.activatedAt) : null,
    endedAt: f.endedAt ? Date.parse(f.endedAt) : null,
    validity: { unit: f.validity.unit, value: f.validity.value },
    allowances: { data: a.dataBytes, voice: a.voiceSeconds, sms: a.smsMessages },
    limitsData: f.limits.dataBytes !== null || !!f.limits.throttling,
  };
}
