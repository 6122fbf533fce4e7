import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NetworkDataState, UsagePeriod } from '@simline/contracts';
import { UsageErrorCode, UsageException } from '../balances/usage.exception.js';
import { UsageService } from '../balances/usage.service.js';

/** What `ops explain` shows of a subscription's usage. */
export interface UsageExplanation {
  object: 'usageExplanation';
  subscription: string;
  project: string;
  firstUsageAt: string | null;
  /** What the (simulated) network applies to its data now. */
  network: {
    state: NetworkDataState;
    bandwidthBitsPerSecond: number | null;
    period: number | null;
    since: string | null;
  };
  /** The balances as the partner API shows them, newest period first. */
  periods: UsagePeriod[];
  /** The latest records counted (by usage time), newest first. */
  records: Array<{
    id: string;
    usedAt: string;
    period: number;
    dataBytes: number;
    voiceSeconds: number;
    smsMessages: number;
    receivedAt: string;
  }>;
}

@Injectable()
export class UsageExplanations {
  constructor(
    private readonly ds: DataSource,
    private readonly usage: UsageService,
  ) {}

  async explain(subscription: string, limit: number): Promise<UsageExplanation> {
    const [sub]: Array<{ project: string; first_usage_at: Date | null }> = await this.ds.query(
      'SELECT project, first_usage_at FROM subscription_replicas WHERE id = $1',
      [subscription],
    );
    if (!sub) throw new UsageException(UsageErrorCode.SubscriptionNotFound);
    const [balances, records, [network]] = await Promise.all([
      this.usage.list(sub.project, subscription),
      this.ds.query(
        `SELECT id, used_at, period_number, data_bytes, voice_seconds, sms_messages, received_at FROM usage_records
         WHERE subscription_id = $1 ORDER BY used_at DESC, id DESC LIMIT $2`,
        [subscription, limit],
      ) as Promise<Array<Record<string, string | number | Date>>>,
      this.ds.query(
        'SELECT state, bandwidth_bits_per_second, period_number, updated_at FROM network_states WHERE subscription_id = $1',
        [subscription],
      ) as Promise<
        Array<{
          state: NetworkDataState;
          bandwidth_bits_per_second: number | null;
          period_number: number;
          updated_at: Date;
        }>
      >,
    ]);
    const iso = (v: unknown) => new Date(v as Date).toISOString();
    return {
      object: 'usageExplanation',
      subscription,
      project: sub.project,
      firstUsageAt: sub.first_usage_at ? iso(sub.first_usage_at) : null,
      network: network
        ? {
            state: network.state,
            bandwidthBitsPerSecond: network.bandwidth_bits_per_second,
            period: network.period_number,
            since: iso(network.updated_at),
          }
        : { state: 'normal', bandwidthBitsPerSecond: null, period: null, since: null },
      periods: balances.items,
      records: records.map((r) => ({
        id: String(r.id),
        usedAt: iso(r.used_at),
        period: Number(r.period_number),
        dataBytes: Number(r.data_bytes),
        voiceSeconds: Number(r.voice_seconds),
        smsMessages: Number(r.sms_messages),
        receivedAt: iso(r.received_at),
      })),
    };
  }
}
