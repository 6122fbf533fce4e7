import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@simline/clock';
import { usageIdOf, type EventEnvelope, type NetworkDataState, type Subscription } from '@simline/contracts';
import { buildEvent } from '@simline/messaging';
import { AddonAllowances, periodKey } from '../addons/addon-allowances.service.js';
import { reserveUsageSequences } from '../subscriptions/usage-sequence.util.js';
import { NetworkControl, type NetworkDataChange } from './network-control.port.js';
import { dataStateFor, isLifted } from './throttling.util.js';

/**
 * Throttling and caps: compares each subscription's current-period data use with its plan's limits (plus the
 * period's top-ups), tells the network when its state must change, and emits `usage.throttlingChanged`, all in
 * the caller's transaction. Called after usage is added, at renewal and when a top-up is activated.
 */
@Injectable()
export class Throttling {
  constructor(
    private readonly clock: Clock,
    private readonly network: NetworkControl,
    private readonly addons: AddonAllowances,
  ) {}

  async evaluate(
    em: EntityManager,
    subscriptionIds: readonly string[],
    liftReason: 'renewal' | 'topUp' | 'planChange',
  ): Promise<EventEnvelope<'usage.throttlingChanged'>[]> {
    const ids = [...new Set(subscriptionIds)].sort();
    if (!ids.length) return [];
    const subs: Array<{ id: string; project: string; data: Subscription; used: string | null }> =
      await em.query(
        `SELECT r.id, r.project, r.data, p.data_used AS used
       FROM subscription_replicas r
       LEFT JOIN usage_periods p ON p.subscription_id = r.id AND p.number = (r.data->'currentPeriod'->>'number')::int
       WHERE r.id = ANY($1) AND r.data->'currentPeriod' IS NOT NULL AND r.status = 'active'`,
        [ids],
      );
    if (!subs.length) return [];
    const extras = await this.addons.forPeriods(
      em,
      subs.map((s) => ({ subscription: s.id, ...s.data.currentPeriod! })),
    );
    const states = await this.network.states(em, ids);
    const changes: Array<
      NetworkDataChange & { previous: NetworkDataState; used: number; sub: Subscription }
    > = [];
    for (const s of subs) {
      const period = s.data.currentPeriod!;
      const used = Number(s.used ?? 0);
      const topUp = extras.get(periodKey(s.id, period.number))?.data ?? 0;
      const target = dataStateFor(used, s.data.plan.limits, topUp);
      const current = states.get(s.id) ?? 'normal';
      if (target.state === current) continue;
      changes.push({
        subscription: s.id,
        project: s.project,
        state: target.state,
        bandwidthBitsPerSecond: target.bandwidthBitsPerSecond,
        period: period.number,
        at: await this.clock.now(s.project),
        previous: current,
        used,
        sub: s.data,
      });
    }
    if (!changes.length) return [];
    await this.network.apply(em, changes);
    const next = await reserveUsageSequences(em, new Map(changes.map((c) => [c.subscription, 1])));
    return changes.map((c) =>
      buildEvent({
        type: 'usage.throttlingChanged',
        project: c.project,
        subject: usageIdOf(c.subscription),
        sequence: next.get(c.subscription)!,
        time: c.at,
        data: {
          object: 'usageThrottling',
          subscription: c.subscription,
          period: c.sub.currentPeriod!,
          status: c.state,
          previousStatus: c.previous,
          bandwidthBitsPerSecond: c.bandwidthBitsPerSecond,
          reason: isLifted(c.previous, c.state)
            ? liftReason
            : c.state === 'dataStopped'
              ? 'dataCap'
              : 'throttlingThreshold',
          dataUsed: c.used,
          changedAt: c.at.toISOString(),
        },
      }),
    );
  }
}
