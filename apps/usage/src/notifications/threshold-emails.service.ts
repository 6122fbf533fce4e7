import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@simline/clock';
import type { EventEnvelope, Subscription, UsageThreshold } from '@simline/contracts';
import { ProjectsReplica, SmtpMailer } from '@simline/platform';
import { Scheduler } from '@simline/scheduling';
import { composeThresholdEmail, emailLocale } from './threshold-email.js';

const DEFAULT_FROM = 'Simline <no-reply@simline.localhost>';
export const thresholdEmailJobId = (eventId: string) => `thresholdEmail:${eventId}`;

/**
 * Usage-threshold e-mails to the user (docs/decisions/1101): in a project with e-mails enabled, each
 * `usage.thresholdReached` of a subscription whose user has an e-mail address becomes a `threshold_emails` row
 * (in the consumer's transaction, once per event) and a `usage.thresholdEmail` job after the commit, which sends
 * it in the user's locale and marks it sent.
 */
@Injectable()
export class ThresholdEmails {
  private readonly log = new Logger('ThresholdEmails');
  private readonly mailer = new SmtpMailer(() => process.env.SMTP_URL ?? 'smtp://127.0.0.1:1025');

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly projects: ProjectsReplica,
  ) {}

  /** Stores the e-mails these events call for; returns the jobs to schedule once they are committed. */
  async plan(
    em: EntityManager,
    events: EventEnvelope<'usage.thresholdReached'>[],
  ): Promise<Array<{ id: string; project: string }>> {
    const enabled = new Map<string, boolean>();
    for (const p of new Set(events.map((e) => e.project)))
      enabled.set(p, (await this.projects.get(p)).settings.emails.enabled);
    // A threshold of a period already over (a late record corrected it) is for the partner, not news to the user.
    const wanted = events.filter(
      (e) => enabled.get(e.project) && Date.parse(e.data.period.end) > Date.parse(e.data.reachedAt),
    );
    if (!wanted.length) return [];
    const subs: Array<{ id: string; data: Subscription }> = await em.query(
      'SELECT id, data FROM subscription_replicas WHERE id = ANY($1)',
      [[...new Set(wanted.map((e) => e.data.subscription))]],
    );
    const users = new Map(subs.map((s) => [s.id, s.data.user]));
    const rows = wanted.flatMap((e) => {
      const user = users.get(e.data.subscription);
      return user?.email ? [{ e, user }] : [];
    });
    if (!rows.length) return [];
    const now = await this.clock.now(rows[0]!.e.project);
    const inserted: Array<{ event_id: string; project: string }> = await em.query(
      `INSERT INTO threshold_emails (event_id, project, subscription_id, recipient, user_name, locale, threshold, created_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::jsonb[], $8::timestamptz[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id, project`,
      [
        rows.map((r) => r.e.id),
        rows.map((r) => r.e.project),
        rows.map((r) => r.e.data.subscription),
        rows.map((r) => r.user.email),
        rows.map((r) => r.user.fullName),
        rows.map((r) => emailLocale(r.user.preferredLocale)),
        rows.map((r) => JSON.stringify(r.e.data)),
        rows.map(() => now.toISOString()),
      ],
    );
    return inserted.map((r) => ({ id: r.event_id, project: r.project }));
  }

  async schedule(jobs: Array<{ id: string; project: string }>, dueAt?: Date): Promise<void> {
    if (!jobs.length) return;
    const due = new Map<string, Date>();
    for (const j of jobs)
      if (!due.has(j.project)) due.set(j.project, dueAt ?? (await this.clock.now(j.project)));
    await this.scheduler.scheduleMany(
      'usage.thresholdEmail',
      jobs.map((j) => ({
        id: thresholdEmailJobId(j.id),
        dueAt: due.get(j.project)!,
        project: j.project,
        payload: { eventId: j.id },
      })),
    );
  }

  /** Sends one e-mail if it is still unsent (a job that runs twice sends it once, unless it died between the two steps). */
  async send(eventId: string): Promise<void> {
    const [row]: Array<{
      project: string;
      recipient: string;
      user_name: string | null;
      locale: string;
      threshold: UsageThreshold;
      sent_at: Date | null;
    }> = await this.ds.query(
      'SELECT project, recipient, user_name, locale, threshold, sent_at FROM threshold_emails WHERE event_id = $1',
      [eventId],
    );
    if (!row || row.sent_at) return;
    const project = await this.projects.get(row.project);
    const locale = emailLocale(row.locale);
    const mail = composeThresholdEmail({
      locale,
      brand: project.name,
      userName: row.user_name,
      threshold: row.threshold,
    });
    await this.mailer.send({
      ...mail,
      from: project.settings.emails.from ?? process.env.USAGE_MAIL_FROM ?? DEFAULT_FROM,
      to: row.recipient,
      headers: { 'X-Simline-Usage-Threshold': eventId, 'Content-Language': locale },
    });
    await this.ds.query('UPDATE threshold_emails SET sent_at = $2 WHERE event_id = $1 AND sent_at IS NULL', [
      eventId,
      await this.clock.now(row.project),
    ]);
    this.log.log(`usage-threshold e-mail ${eventId} sent`);
  }

  async unsent(): Promise<Array<{ id: string; project: string }>> {
    const rows: Array<{ event_id: string; project: string }> = await this.ds.query(
      'SELECT event_id, project FROM threshold_emails WHERE sent_at IS NULL',
    );
    return rows.map((r) => ({ id: r.event_id, project: r.project }));
  }

  close(): void {
    this.mailer.close();
  }
}
