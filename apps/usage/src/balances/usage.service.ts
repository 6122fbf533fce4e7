import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@simline/clock';
import type { ListPage, UsagePeriod } from '@simline/contracts';
import { AddonAllowances, noAddons, periodKey } from '../addons/addon-allowances.service.js';
import { SubscriptionReplicas } from '../subscriptions/subscription-replicas.service.js';
import { balanceOf } from './balance.util.js';
import { UsageErrorCode, UsageException } from './usage.exception.js';

interface PeriodRow {
  number: number;
  start_at: Date;
  end_at: Date;
  data_limit: string | null;
  voice_limit: string | null;
  sms_limit: string | null;
  data_used: string;
  voice_used: string;
  sms_used: string;
}

const num = (v: string | null) => (v === null ? null : Number(v));

@Injectable()
export class UsageService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly replicas: SubscriptionReplicas,
    private readonly addons: AddonAllowances,
  ) {}

  /** Every period with usage, and the current one (even before any usage), newest first; add-ons raise the limits. */
  async list(project: string, subscription: string): Promise<ListPage<UsagePeriod>> {
    const now = await this.clock.now(project);
    const subs = await this.replicas.find(this.ds.manager, [{ id: subscription, project }], now);
    let sub = subs.get(subscription);
    if (!sub || sub.project !== project) throw new UsageException(UsageErrorCode.SubscriptionNotFound);
    // Not yet active here may be active at its owner, as the partner was just shown (docs/decisions/0008): its
    // current period is the owner's to tell. Active and ended are what they say.
    if (sub.data.status !== 'active' && sub.data.status !== 'ended') sub = await this.replicas.fromOwner(this.ds.manager, sub, now);
    const rows: PeriodRow[] = await this.ds.query(
      `SELECT number, start_at, end_at, data_limit, voice_limit, sms_limit, data_used, voice_used, sms_used
       FROM usage_periods WHERE subscription_id = $1 AND project = $2 ORDER BY number DESC`,
      [subscription, project],
    );
    const shown = rows.map((r) => ({
      period: {
        number: r.number,
        start: new Date(r.start_at).toISOString(),
        end: new Date(r.end_at).toISOString(),
      },
      limits: { data: num(r.data_limit), voice: num(r.voice_limit), sms: num(r.sms_limit) },
      used: { data: Number(r.data_used), voice: Number(r.voice_used), sms: Number(r.sms_used) },
    }));
    const current = sub.data.currentPeriod;
    if (current && sub.data.status === 'active' && !rows.some((r) => r.number === current.number)) {
      const a = sub.data.plan.allowances;
      shown.push({
        period: current,
        limits: { data: a.dataBytes, voice: a.voiceSeconds, sms: a.smsMessages },
        used: { data: 0, voice: 0, sms: 0 },
      });
      shown.sort((x, y) => y.period.number - x.period.number);
    }
    const extras = await this.addons.forPeriods(
      this.ds.manager,
      shown.map((p) => ({ subscription, ...p.period })),
    );
    const plus = (limit: number | null, add: number) => (limit === null ? null : limit + add);
    const items: UsagePeriod[] = shown.map((p) => {
      const x = extras.get(periodKey(subscription, p.period.number)) ?? noAddons();
      return {
        object: 'usagePeriod',
        subscription,
        period: p.period,
        data: balanceOf(p.used.data, plus(p.limits.data, x.data)),
        voice: balanceOf(p.used.voice, plus(p.limits.voice, x.voice)),
        sms: balanceOf(p.used.sms, plus(p.limits.sms, x.sms)),
        addons: x.addons.map((a) => ({
          id: a.id,
          name: a.name,
          allowances: { dataBytes: a.dataBytes, voiceSeconds: a.voiceSeconds, smsMessages: a.smsMessages },
        })),
      };
    });
    return { object: 'list', items, moreItemsAfter: null, moreItemsBefore: null };
  }
}
