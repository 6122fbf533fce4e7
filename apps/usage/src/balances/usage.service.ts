import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@simline/clock';
import type { ListPage, UsagePeriod } from '@simline/contracts';
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
  ) {}

  /** Every period with usage, and the current one (even before any usage), newest first. */
  async list(project: string, subscription: string): Promise<ListPage<UsagePeriod>> {
    const subs = await this.replicas.find(
      this.ds.manager,
      [{ id: subscription, project }],
      await this.clock.now(project),
    );
    const sub = subs.get(subscription);
    if (!sub || sub.project !== project) throw new UsageException(UsageErrorCode.SubscriptionNotFound);
    const rows: PeriodRow[] = await this.ds.query(
      `SELECT number, start_at, end_at, data_limit, voice_limit, sms_limit, data_used, voice_used, sms_used
       FROM usage_periods WHERE subscription_id = $1 AND project = $2 ORDER BY number DESC`,
      [subscription, project],
    );
    const items: UsagePeriod[] = rows.map((r) => ({
      object: 'usagePeriod',
      subscription,
      period: {
        number: r.number,
        start: new Date(r.start_at).toISOString(),
        end: new Date(r.end_at).toISOString(),
      },
      data: balanceOf(Number(r.data_used), num(r.data_limit)),
      voice: balanceOf(Number(r.voice_used), num(r.voice_limit)),
      sms: balanceOf(Number(r.sms_used), num(r.sms_limit)),
    }));
    const current = sub.data.currentPeriod;
    if (current && sub.data.status === 'active' && !rows.some((r) => r.number === current.number)) {
      const a = sub.data.plan.allowances;
      items.push({
        object: 'usagePeriod',
        subscription,
        period: current,
        data: balanceOf(0, a.dataBytes),
        voice: balanceOf(0, a.voiceSeconds),
        sms: balanceOf(0, a.smsMessages),
      });
      items.sort((x, y) => y.period.number - x.period.number);
    }
    return { object: 'list', items, moreItemsAfter: null, moreItemsBefore: null };
  }
}
