import type { EntityManager } from 'typeorm';
import type { Plan, Porting, Subscription } from '@simline/contracts';
import type { Clock } from '@simline/clock';
import { appendToOutbox, changedFields } from '@simline/messaging';
import { upsertSnapshots } from '@simline/persistence';
import type { OwnedResource } from '@simline/platform';
import { subscriptionEvent } from './subscription.events.js';
import { renderSubscription, VIEW_SELECT, type SubscriptionViewRow } from './subscription.view.js';

/** The subscription columns that point at a resource a subscription embeds. */
export type EmbeddingColumn = 'plan_id' | 'porting_id' | 'user_id';

/**
 * A resource that subscriptions embed (their plan, porting or user) changed in this transaction: every
 * subscription that shows it, and whose rendering changed, gets `subscription.updated` with the next
 * `sequence` and `previousData`, so that the newest event of every subscription equals GET of it
 * (docs/decisions/0008). `previous` renders the subscription as it was before the change. Set-based: one
 * locking SELECT, one UPDATE and one outbox insert whatever the number of subscriptions.
 */
export async function reemitEmbedding(
  em: EntityManager,
  clock: Clock,
  column: EmbeddingColumn,
  ids: readonly string[],
  previous: (now: Subscription, row: SubscriptionViewRow) => Subscription,
): Promise<number> {
  if (!ids.length) return 0;
  // Lock first, then read in a statement of its own: a locking SELECT that waited re-reads only the locked row,
  // and would render the embedded rows (another transaction's plan or user change) as they were before the wait.
  const locked: Array<{ id: string }> = await em.query(
    `SELECT id FROM subscriptions WHERE ${column} = ANY($1::varchar[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  if (!locked.length) return 0;
  const rows: SubscriptionViewRow[] = await em.query(
    `${VIEW_SELECT} WHERE s.id = ANY($1::varchar[]) ORDER BY s.id`,
    [locked.map((r) => r.id)],
  );
  const changed: Array<{
    row: SubscriptionViewRow;
    after: Subscription;
    previousData: Record<string, unknown>;
  }> = [];
  for (const row of rows) {
    const after = renderSubscription(row);
    const before = previous(after, row);
    const previousData = changedFields(
      before as unknown as Record<string, unknown>,
      after as unknown as Record<string, unknown>,
    );
    if (Object.keys(previousData).length) changed.push({ row, after, previousData });
  }
  if (!changed.length) return 0;
  await em.query('UPDATE subscriptions SET version = version + 1 WHERE id = ANY($1::varchar[])', [
    changed.map((c) => c.row.id),
  ]);
  const times = new Map<string, Date>();
  for (const { row } of changed)
    if (!times.has(row.project)) times.set(row.project, await clock.now(row.project));
  await appendToOutbox(
    em,
    changed.map(({ row, after, previousData }) =>
      subscriptionEvent(
        'subscription.updated',
        row.project,
        row.version + 1,
        after,
        times.get(row.project)!,
        previousData,
      ),
    ),
  );
  return changed.length;
}

/** The replicas of resources that subscriptions embed, and where each shows in a subscription. */
const EMBEDDED = {
  plan_replicas: { column: 'plan_id', field: 'plan' },
  porting_replicas: { column: 'porting_id', field: 'porting' },
} as const;

/**
 * Stores snapshots of a plan or port-in (from its events or from its owner) in the replica, keeping the
 * newest per id; the subscriptions that embed one that changed get `subscription.updated` with it. Only newer
 * snapshots are written: an equal one would still lock the replica row and queue concurrent creations.
 */
export async function storeEmbedded<T extends Plan | Porting>(
  em: EntityManager,
  clock: Clock,
  table: keyof typeof EMBEDDED,
  snapshots: ReadonlyArray<OwnedResource<T> & { time: string }>,
): Promise<void> {
  if (!snapshots.length) return;
  const held = new Map(
    (
      (await em.query(`SELECT id, sequence, data FROM ${table} WHERE id = ANY($1::varchar[])`, [
        snapshots.map((s) => s.id),
      ])) as Array<{ id: string; sequence: number; data: T }>
    ).map((r) => [r.id, r]),
  );
  const newer = snapshots.filter((s) => (held.get(s.id)?.sequence ?? -1) < s.sequence);
  if (!newer.length) return;
  const applied = await upsertSnapshots<{ id: string }>(
    em,
    table,
    newer.map((s) => ({
      id: s.id,
      project: s.project,
      status: s.data.status,
      sequence: s.sequence,
      data: s.data,
      updated_at: s.time,
    })),
  );
  const { column, field } = EMBEDDED[table];
  await reemitEmbedding(
    em,
    clock,
    column,
    applied.map((a) => a.id),
    (now, row) => {
      const id = row[column];
      return { ...now, [field]: (id ? held.get(id)?.data : null) ?? null } as Subscription;
    },
  );
}
