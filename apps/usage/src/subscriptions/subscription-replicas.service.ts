import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Subscription } from '@simline/contracts';
import { OwnerReads, type OwnedResource } from '@simline/platform';
import { upsertSnapshots } from '@simline/persistence';

export interface ReplicaRow {
  id: string;
  project: string;
  data: Subscription;
}

/**
 * Usage's subscriptions: the replica fed by `subscription.*`, and on a miss the owner's answer (a subscription
 * created a moment ago may not have reached the replica yet: docs/decisions/0008), stored as a snapshot.
 */
@Injectable()
export class SubscriptionReplicas {
  constructor(private readonly owners: OwnerReads) {}

  async store(
    em: EntityManager,
    snapshots: Array<OwnedResource<Subscription> & { time: string }>,
  ): Promise<void> {
    await upsertSnapshots(
      em,
      'subscription_replicas',
      snapshots.map((s) => ({
        id: s.id,
        project: s.project,
        status: s.data.status,
        sequence: s.sequence,
        data: s.data,
        updated_at: s.time,
      })),
    );
  }

  /**
   * The owner's current word on a subscription the replica holds in a state that may be behind what its partner
   * was already shown (pending there, active at its owner): stored, and returned; the replica's row when the owner
   * does not answer with it.
   */
  async fromOwner(em: EntityManager, row: ReplicaRow, now: Date): Promise<ReplicaRow> {
    const owned = await this.owners.get<Subscription>('subscriptions', 'subscription', row.project, row.id);
    if (!owned || owned.project !== row.project) return row;
    await this.store(em, [{ ...owned, time: now.toISOString() }]);
    return { id: row.id, project: owned.project, data: owned.data };
  }

  /** The subscriptions of these ids that exist in the given projects (replica first, then their owner). */
  async find(
    em: EntityManager,
    wanted: Array<{ id: string; project: string }>,
    now: Date,
  ): Promise<Map<string, ReplicaRow>> {
    const ids = [...new Set(wanted.map((w) => w.id))];
    const rows: ReplicaRow[] = ids.length
      ? await em.query('SELECT id, project, data FROM subscription_replicas WHERE id = ANY($1)', [ids])
      : [];
    const found = new Map(rows.map((r) => [r.id, r]));
    const missing = new Map<string, string>();
    for (const w of wanted) if (!found.has(w.id)) missing.set(w.id, w.project);
    const fetched: Array<OwnedResource<Subscription> & { time: string }> = [];
    for (const [id, project] of missing) {
      const owned = await this.owners.get<Subscription>('subscriptions', 'subscription', project, id);
      if (!owned) continue;
      fetched.push({ ...owned, time: now.toISOString() });
      found.set(id, { id, project: owned.project, data: owned.data });
    }
    if (fetched.length) await this.store(em, fetched);
    return found;
  }
}
