import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { periodEnd, type EventEnvelope, type EventType, type SubscriptionAddon } from '@simline/contracts';
import { buildEvent } from '@simline/messaging';
import { bulkUpdate } from '../common/bulk-update.util.js';
import type { FollowUps } from '../common/follow-ups.js';
import { toSubscriptionAddon } from './addon.mapper.js';
import { SubscriptionAddonEntity } from './subscription-addon.entity.js';

type Events = EventEnvelope<EventType>[];

/** How bought add-ons move: `pending` → `active` (its invoice paid) → `ended` (expired, unpaid, subscription ended). */
@Injectable()
export class AddonLifecycleService {
  /** Activates the pending add-ons of paid invoices, each for its own period from now. */
  async activate(em: EntityManager, subscriptionAddonIds: string[], now: Date, followUps: FollowUps): Promise<Events> {
    if (!subscriptionAddonIds.length) return [];
    const rows = await em.find(SubscriptionAddonEntity, { where: { id: In(subscriptionAddonIds), status: 'pending' }, lock: { mode: 'pessimistic_write' } });
    for (const a of rows) {
      a.status = 'active';
      a.activatedAt = now;
      a.periodStart = now;
      a.periodEnd = periodEnd(now, a.validity, 1);
      a.version++;
      followUps.add('subscriptionAddon.expiry', { subscriptionAddonId: a.id }, { id: `addonExpiry:${a.id}`, dueAt: a.periodEnd, project: a.project });
    }
    return this.save(em, rows, 'subscriptionAddon.activated', now);
  }

  /** Ends add-ons (pending or active) with a reason. */
  async end(em: EntityManager, where: { ids?: string[]; subscriptionIds?: string[] }, reason: NonNullable<SubscriptionAddon['endReason']>, now: Date): Promise<Events> {
    const filter = where.ids ? { id: In(where.ids) } : where.subscriptionIds ? { subscriptionId: In(where.subscriptionIds) } : null;
    if (!filter || (where.ids ?? where.subscriptionIds)!.length === 0) return [];
    const rows = await em.find(SubscriptionAddonEntity, { where: [{ ...filter, status: 'pending' }, { ...filter, status: 'active' }], lock: { mode: 'pessimistic_write' } });
    for (const a of rows) {
      a.status = 'ended';
      a.endedAt = now;
      a.endReason = reason;
      a.version++;
    }
    return this.save(em, rows, 'subscriptionAddon.ended', now);
  }

  /** The expiry job: an active add-on whose period is over ends. */
  async expire(em: EntityManager, id: string, now: Date): Promise<Events> {
    const a = await em.findOne(SubscriptionAddonEntity, { where: { id, status: 'active' }, lock: { mode: 'pessimistic_write' } });
    if (!a || !a.periodEnd || a.periodEnd.getTime() > now.getTime()) return [];
    return this.end(em, { ids: [id] }, 'expired', now);
  }

  private async save(em: EntityManager, rows: SubscriptionAddonEntity[], type: 'subscriptionAddon.activated' | 'subscriptionAddon.ended', now: Date): Promise<Events> {
    await bulkUpdate(em, 'subscription_addons', rows, [
      ['status', 'varchar', (r) => r.status],
      ['activated_at', 'timestamptz', (r) => r.activatedAt],
      ['period_start', 'timestamptz', (r) => r.periodStart],
      ['period_end', 'timestamptz', (r) => r.periodEnd],
      ['ended_at', 'timestamptz', (r) => r.endedAt],
      ['end_reason', 'varchar', (r) => r.endReason],
      ['version', 'int', (r) => r.version],
    ]);
    return rows.map((a) => buildEvent({ type, project: a.project, sequence: a.version, data: toSubscriptionAddon(a), time: now }));
  }
}
