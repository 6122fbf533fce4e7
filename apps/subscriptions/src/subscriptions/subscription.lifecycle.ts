import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Metadata, Subscription } from '@simline/contracts';
import { appendToOutbox, changedFields } from '@simline/messaging';
import { afterCommit } from '../common/after-commit.js';
import type { SubscriptionState } from './domain/subscription.rules.js';
import { RenewalSchedule } from './renewal.schedule.js';
import { subscriptionEvent, type SubscriptionEventType } from './subscription.events.js';
import {
  findView,
  renderSubscription,
  stateColumns,
  stateOf,
  type SubscriptionViewRow,
} from './subscription.view.js';

/** Columns a change may write besides the lifecycle state. */
export interface RowPatch {
  phone_number?: string | null;
  sim_id?: string | null;
  plan_id?: string;
  metadata?: Metadata;
  first_usage_at?: Date;
}

export interface Decision {
  state: SubscriptionState;
  /** The event that names the change; `subscription.updated` is only published if the resource changed. */
  event: Exclude<
    SubscriptionEventType,
    'subscription.created' | 'subscription.renewed' | 'subscription.cutoffReached'
  >;
  patch?: RowPatch;
  /** Changes to other rows that the resource shows (its SIM), made after the before-image was taken. */
  effects?: (em: EntityManager) => Promise<void>;
}

const COLUMN = /^[a-z_]+$/;

/**
 * Applies one change to one subscription in the caller's transaction: locks the row, lets `decide` apply a
 * rule to its state, writes the result, and appends the event with the whole resource and the next
 * `sequence`. A subscription that ends retires its SIM; one that activates gets its renewal and cut-off jobs.
 */
@Injectable()
export class SubscriptionLifecycle {
  constructor(private readonly schedule: RenewalSchedule) {}

  /** The subscription after the change (unchanged when `decide` returns null), or null when it does not exist. */
  async transition(
    em: EntityManager,
    project: string,
    id: string,
    now: Date,
    decide: (row: SubscriptionViewRow, state: SubscriptionState) => Decision | null,
  ): Promise<Subscription | null> {
    const row = await findView(em, project, id, true);
    if (!row) return null;
    const before = renderSubscription(row);
    const decision = decide(row, stateOf(row));
    if (!decision) return before;
    const { state } = decision;
    await decision.effects?.(em);
    if (state.status === 'ended' && row.status !== 'ended' && row.sim_id)
      await retireSims(em, [row.sim_id], now);
    await writeColumns(em, id, { ...stateColumns(state), ...decision.patch }, now);
    const after = renderSubscription((await findView(em, project, id))!);
    let previousData: Record<string, unknown> | undefined;
    if (decision.event === 'subscription.updated' || decision.event === 'subscription.planChanged') {
      previousData = changedFields(
        before as unknown as Record<string, unknown>,
        after as unknown as Record<string, unknown>,
      );
      if (decision.event === 'subscription.updated' && !Object.keys(previousData).length) return after;
    }
    const sequence = row.version + 1;
    await em.query('UPDATE subscriptions SET version = $2 WHERE id = $1', [id, sequence]);
    await appendToOutbox(em, [
      subscriptionEvent(decision.event, project, sequence, after, now, previousData),
    ]);
    if (decision.event === 'subscription.activated' && state.currentPeriod) {
      const end = state.currentPeriod.end;
      afterCommit(em, () => this.schedule.schedule([{ project, end, cutoffDue: true }]));
    }
    return after;
  }
}

async function writeColumns(
  em: EntityManager,
  id: string,
  cols: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const names = Object.keys(cols);
  for (const n of names) if (!COLUMN.test(n)) throw new Error(`not a column: ${n}`);
  const sets = names.map((n, i) => `${n} = $${i + 3}`);
  const values = names.map((n) => (n === 'metadata' ? JSON.stringify(cols[n]) : cols[n]));
  await em.query(`UPDATE subscriptions SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1`, [
    id,
    now,
    ...values,
  ]);
}

/**
 * Takes the SIMs of ended subscriptions off the network for good. No event (the catalogue has no `sim.retired`),
 * so the SIM's version stays: its event sequence has no gap.
 */
export async function retireSims(em: EntityManager, simIds: string[], now: Date): Promise<void> {
  if (!simIds.length) return;
  await em.query(
    `UPDATE sims SET status = 'retired', retired_at = $2, provision_due_at = NULL, updated_at = $2
     WHERE id = ANY($1::varchar[]) AND status <> 'retired'`,
    [simIds, now],
  );
}
