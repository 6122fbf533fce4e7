import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@simline/clock';
import { USAGE_REPORT_MAX_RECORDS, type Subscription, type UsageRecord } from '@simline/contracts';
import { appendToOutbox, buildEvent } from '@simline/messaging';
import { Scheduler } from '@simline/scheduling';
import { UsageErrorCode, UsageException } from '../../balances/usage.exception.js';
import { SubscriptionReplicas } from '../../subscriptions/subscription-replicas.service.js';
import { profileOf, ProviderProfileSchema, type NetworkSimulatorConfig } from './network-simulator.config.js';
import type { SimulateUsage } from './network-simulator.dto.js';
import { generateUsage, planReports, type PlannedReport, type Usage } from './usage-feed.plan.js';

export const NETWORK_SIMULATOR_CONFIG = Symbol('NETWORK_SIMULATOR_CONFIG');

/** What the simulator will report, as `POST /internal/network/usage` answers it. */
export interface PlannedView {
  subscription: string;
  record: string;
  usedAt: string;
  reportAt: string;
  dataBytes: number;
  voiceSeconds: number;
  smsMessages: number;
  duplicate: boolean;
}

const MAX_RECORDS = 100_000;

/**
 * The development and test mobile network's usage feed (docs/decisions/1101). It turns usage (scripted, or made up
 * for active subscriptions from the provider's profile) into the records the provider would report and when, keeps
 * them in `network_reports`, and publishes them on `usageReport.reported` (a subscription's records of one report
 * time in one message, keyed by subscription, through the outbox) when its project's clock passes the report time:
 * a `network.usageReport` job per report time, so test clocks drive the network like everything else. A real network
 * adapter would publish onto the same topic.
 */
@Injectable()
export class NetworkSimulator {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly replicas: SubscriptionReplicas,
    @Inject(NETWORK_SIMULATOR_CONFIG) private readonly config: NetworkSimulatorConfig,
  ) {}

  async simulate(req: SimulateUsage): Promise<{ planned: PlannedView[] }> {
    const now = await this.clock.now(req.project);
    const subs = await this.subscriptionsOf(req, now);
    const planned: PlannedReport[] = [];
    for (const s of subs) {
      const provider = req.provider ?? s.plan.provider;
      const profile = ProviderProfileSchema.parse({ ...profileOf(this.config, provider), ...req.profile });
      const usage: Usage[] = req.usage
        ? req.usage.map((u) => ({ ...u, usedAt: new Date(u.usedAt) }))
        : generateUsage(profile, this.config.seed, s.id, ...this.window(s, req.generate!));
      planned.push(...planReports(profile, this.config.seed, provider, s.id, usage));
      if (planned.length > MAX_RECORDS)
        throw new UsageException(
          UsageErrorCode.TooMuchUsage,
          `At most ${MAX_RECORDS} records per call: ask for a shorter window.`,
        );
    }
    await this.ds.transaction((em) => this.store(em, req.project, planned));
    const first = new Map<number, string>();
    for (const p of planned) {
      const t = p.reportAt.getTime();
      if (!first.has(t) || p.record.id < first.get(t)!) first.set(t, p.record.id);
    }
    await this.schedule(
      [...first].map(([t, record]) => ({ project: req.project, reportAt: new Date(t), record })),
    );
    return {
      planned: planned.map((p) => ({
        subscription: p.record.subscription,
        record: p.record.id,
        usedAt: p.record.usedAt,
        reportAt: p.reportAt.toISOString(),
        dataBytes: p.record.dataBytes,
        voiceSeconds: p.record.voiceSeconds,
        smsMessages: p.record.smsMessages,
        duplicate: p.copy === 1,
      })),
    };
  }

  /**
   * Publishes the project's records due by `now` (each once: a row is marked sent in the transaction that publishes
   * it), as the network reports them: one `usageReport.reported` per subscription and report time (a resent copy in
   * a report of its own), its records in usage-time order, at most USAGE_REPORT_MAX_RECORDS to a report.
   */
  async publishDue(project: string, now: Date): Promise<number> {
    return this.ds.transaction(async (em) => {
      const rows: Array<{ record: PlannedReport['record']; report_at: Date; copy: number }> = await em.query(
        `WITH due AS (
           UPDATE network_reports SET sent_at = $2
           WHERE project = $1 AND sent_at IS NULL AND report_at <= $2
           RETURNING record, report_at, copy
         )
         SELECT record, report_at, copy FROM due ORDER BY report_at, record->>'usedAt', record->>'id', copy`,
        [project, now],
      );
      const sent: Array<{ at: Date; subscription: string; records: UsageRecord[] }> = [];
      const reports = new Map<string, (typeof sent)[number]>();
      for (const r of rows) {
        const at = new Date(r.report_at);
        const key = `${at.getTime()}/${r.record.subscription}/${r.copy}`;
        let report = reports.get(key);
        if (!report || report.records.length >= USAGE_REPORT_MAX_RECORDS) {
          // A full report is followed by another under the same key (the map keeps the newest).
          report = { at, subscription: r.record.subscription, records: [] };
          reports.set(key, report);
          sent.push(report);
        }
        report.records.push(r.record);
      }
      await appendToOutbox(
        em,
        sent.map((r) =>
          buildEvent({
            type: 'usageReport.reported',
            project,
            subject: r.subscription,
            sequence: 1,
            time: r.at,
            data: { object: 'usageReport', subscription: r.subscription, records: r.records },
          }),
        ),
      );
      return rows.length;
    });
  }

  /** Every report time with records still to publish (the worker re-creates their jobs at start). */
  /** Re-creates the jobs of every report time with records still to publish (the worker, at start). */
  async reschedule(): Promise<void> {
    const rows: Array<{ project: string; report_at: Date; record: string }> = await this.ds.query(
      'SELECT project, report_at, min(record_id) AS record FROM network_reports WHERE sent_at IS NULL GROUP BY project, report_at',
    );
    await this.schedule(
      rows.map((r) => ({ project: r.project, reportAt: new Date(r.report_at), record: r.record })),
    );
  }

  /**
   * One job per report time and batch: its id names the batch's first record, because a job id that already ran
   * (kept a while by BullMQ) would be ignored, and a later call may add records to a report time already published.
   */
  private async schedule(batches: Array<{ project: string; reportAt: Date; record: string }>): Promise<void> {
    await this.scheduler.scheduleMany(
      'network.usageReport',
      batches.map((b) => ({
        id: `networkReport:${b.project}:${b.reportAt.getTime()}:${b.record}`,
        dueAt: b.reportAt,
        project: b.project,
        payload: { reportAt: b.reportAt.toISOString() },
      })),
    );
  }

  private async store(em: EntityManager, project: string, planned: PlannedReport[]): Promise<void> {
    for (let i = 0; i < planned.length; i += 5000) {
      const chunk = planned.slice(i, i + 5000);
      // The same usage again is the same record: what is stored already stays as it was (sent or not).
      await em.query(
        `INSERT INTO network_reports (record_id, copy, project, subscription_id, report_at, record)
         SELECT * FROM unnest($1::varchar[], $2::smallint[], $3::varchar[], $4::varchar[], $5::timestamptz[], $6::jsonb[])
         ON CONFLICT (record_id, copy) DO NOTHING`,
        [
          chunk.map((p) => p.record.id),
          chunk.map((p) => p.copy),
          chunk.map(() => project),
          chunk.map((p) => p.record.subscription),
          chunk.map((p) => p.reportAt.toISOString()),
          chunk.map((p) => JSON.stringify(p.record)),
        ],
      );
    }
  }

  /** The subscription asked for (404 when the project has none of that id), or every active one of the project. */
  private async subscriptionsOf(req: SimulateUsage, now: Date): Promise<Subscription[]> {
    if (req.subscription) {
      const found = (
        await this.replicas.find(this.ds.manager, [{ id: req.subscription, project: req.project }], now)
      ).get(req.subscription);
      if (!found || found.project !== req.project)
        throw new UsageException(UsageErrorCode.SubscriptionNotFound);
      return [found.data];
    }
    const rows: Array<{ data: Subscription }> = await this.ds.query(
      `SELECT data FROM subscription_replicas WHERE project = $1 AND status = 'active' ORDER BY id`,
      [req.project],
    );
    return rows.map((r) => r.data);
  }

  /** The generation window cut to the subscription's active life. */
  private window(s: Subscription, w: { from: string; to: string }): [Date, Date] {
    const from = Math.max(Date.parse(w.from), s.activatedAt ? Date.parse(s.activatedAt) : Infinity);
    const to = Math.min(Date.parse(w.to), s.endedAt ? Date.parse(s.endedAt) : Infinity);
    return [new Date(from), new Date(Math.max(from, to))];
  }
}
