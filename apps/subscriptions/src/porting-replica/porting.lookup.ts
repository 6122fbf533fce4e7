import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Porting } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { upsertSnapshots } from '@simline/persistence';
import { OwnerReads, type OwnedResource } from '@simline/platform';
import { reemitEmbedding } from '../subscriptions/subscription.embedding.js';

/**
 * Port-ins as this service knows them. Decisions ask the porting service for the port-in as it is now; the
 * replica, fed by `porting.*` and by those reads, is what subscriptions embed (docs/decisions/0008).
 */
@Injectable()
export class PortingLookup {
  constructor(
    private readonly owners: OwnerReads,
    private readonly clock: Clock,
  ) {}

  /** The porting as its owner holds it now; null when it does not exist in the project. 503 when it cannot say. */
  current(project: string, id: string): Promise<OwnedResource<Porting> | null> {
    return this.owners.get<Porting>('porting', 'porting', project, id);
  }

  /**
   * Keeps the newest snapshot of each porting (older or equal sequences change nothing); the subscriptions
   * that embed a porting that changed get `subscription.updated` with it.
   */
  async store(
    em: EntityManager,
    snapshots: ReadonlyArray<OwnedResource<Porting> & { time: string }>,
  ): Promise<void> {
    if (!snapshots.length) return;
    const held = new Map(
      (
        (await em.query('SELECT id, sequence, data FROM porting_replicas WHERE id = ANY($1::varchar[])', [
          snapshots.map((s) => s.id),
        ])) as Array<{ id: string; sequence: number; data: Porting }>
      ).map((r) => [r.id, r]),
    );
    // Only newer snapshots are written: an equal one would still lock the row and queue concurrent creations.
    const newer = snapshots.filter((s) => (held.get(s.id)?.sequence ?? -1) < s.sequence);
    if (!newer.length) return;
    const before = new Map([...held].map(([id, r]) => [id, r.data]));
    const applied = await upsertSnapshots<{ id: string }>(
      em,
      'porting_replicas',
      newer.map((s) => ({
        id: s.id,
        project: s.project,
        status: s.data.status,
        sequence: s.sequence,
        data: s.data,
        updated_at: s.time,
      })),
    );
    await reemitEmbedding(
      em,
      this.clock,
      'porting_id',
      applied.map((a) => a.id),
      (now, row) => ({
        ...now,
        porting: row.porting_id ? (before.get(row.porting_id) ?? null) : null,
      }),
    );
  }
}
