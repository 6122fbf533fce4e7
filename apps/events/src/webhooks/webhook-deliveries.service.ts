import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId, type AnyEventEnvelope, type ListPage, type Page } from '@simline/contracts';
import { Clock } from '@simline/clock';
import type { AfterCommit } from '@simline/messaging';
import { createLogger } from '@simline/observability';
import { paginate } from '@simline/persistence';
import { OnJob, Scheduler, type JobContext } from '@simline/scheduling';
import { patternMatcher } from '../common/event-patterns.js';
import { EVENTS_CONFIG, type EventsConfig } from '../config.js';
import { EventLogStore } from '../event-log/event-log.store.js';
import type { ListDeliveriesQuery, WebhookDelivery } from './webhook.dto.js';
import { WebhookErrorCode, WebhookException } from './webhook.exception.js';
import { toWebhookDelivery } from './webhook.mapper.js';
import { WebhookDeliveryEntity, type WebhookAttempt } from './webhook-delivery.entity.js';
import { WebhookEndpointEntity } from './webhook-endpoint.entity.js';
import { nextAttemptAt, shouldDisable } from './webhook-retry.js';
import { WebhookSender } from './webhook-sender.js';
import { signWebhook } from './webhook-signature.js';

const jobId = (deliveryId: string, attempt: number) => `webhook:${deliveryId}:${attempt}`;
/** The delivery log keeps the latest attempts. */
const LOG_SIZE = 50;

interface NewDelivery {
  id: string;
  project: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  eventTime: string;
  now: Date;
}

/**
 * Webhook deliveries: one row per (endpoint, event), created with the event in the log; each attempt is a
 * BullMQ job due on the project's clock (test clocks obeyed), retried with backoff for days; an endpoint that
 * keeps failing is disabled (docs/decisions/0703).
 */
@Injectable()
export class WebhookDeliveriesService implements OnModuleInit, OnModuleDestroy {
  private readonly log = createLogger('webhooks');
  private readonly sender: WebhookSender;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly store: EventLogStore,
    @Inject(EVENTS_CONFIG) config: EventsConfig,
  ) {
    this.sender = new WebhookSender({
      allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE_URLS,
      timeoutMs: config.WEBHOOKS_TIMEOUT_MS,
    });
  }

  onModuleInit(): void {
    this.scheduler.onStart(() => this.reschedule());
  }

  @OnJob('webhook.delivery', { concurrency: 16 })
  deliveryDue(job: JobContext<'webhook.delivery'>): Promise<void> {
    return this.attempt(job.payload.deliveryId, job.payload.attempt);
  }

  async onModuleDestroy(): Promise<void> {
    await this.sender.close();
  }

  /**
   * Creates the deliveries of new events for the enabled endpoints that select them, in the caller's
   * transaction; returns the scheduling of their first attempts, to run after the commit.
   */
  async fanOut(em: EntityManager, events: readonly AnyEventEnvelope[]): Promise<AfterCommit | undefined> {
    if (!events.length) return undefined;
    const projects = [...new Set(events.map((e) => e.project))];
    const endpoints: Array<{ id: string; project: string; enabled_events: string[] }> = await em.query(
      `SELECT id, project, enabled_events FROM webhook_endpoints WHERE status = 'enabled' AND project = ANY($1::varchar[])`,
      [projects],
    );
    if (!endpoints.length) return undefined;
    const byProject = new Map<string, Array<{ id: string; matches: (type: string) => boolean }>>();
    for (const e of endpoints) {
      const list = byProject.get(e.project) ?? [];
      list.push({ id: e.id, matches: patternMatcher(e.enabled_events) });
      byProject.set(e.project, list);
    }
    const nowOf = new Map<string, Date>();
    for (const p of byProject.keys()) nowOf.set(p, await this.clock.now(p));
    const rows: NewDelivery[] = [];
    for (const event of events) {
      for (const endpoint of byProject.get(event.project) ?? []) {
        if (!endpoint.matches(event.type)) continue;
        rows.push({
          id: newId('webhookDelivery'),
          project: event.project,
          endpointId: endpoint.id,
          eventId: event.id,
          eventType: event.type,
          eventTime: event.time,
          now: nowOf.get(event.project)!,
        });
      }
    }
    if (!rows.length) return undefined;
    const created: Array<{ id: string; project: string; next_attempt_at: Date }> = await em.query(
      `INSERT INTO webhook_deliveries (id, project, endpoint_id, event_id, event_type, event_time, status, attempts, next_attempt_at, attempt_log, created_at, updated_at)
       SELECT id, project, endpoint_id, event_id, event_type, event_time, 'pending', 0, now_at, '[]'::jsonb, now_at, now_at
       FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::timestamptz[], $7::timestamptz[])
         AS t(id, project, endpoint_id, event_id, event_type, event_time, now_at)
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id, project, next_attempt_at`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.project),
        rows.map((r) => r.endpointId),
        rows.map((r) => r.eventId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.eventTime),
        rows.map((r) => r.now.toISOString()),
      ],
    );
    if (!created.length) return undefined;
    return () =>
      this.scheduler.scheduleMany(
        'webhook.delivery',
        created.map((d) => ({
          id: jobId(d.id, 1),
          dueAt: new Date(d.next_attempt_at),
          project: d.project,
          payload: { deliveryId: d.id, attempt: 1 },
        })),
      );
  }

  /** Attempt number `attempt` of a delivery (a job); a repeated or stale job does nothing. */
  async attempt(deliveryId: string, attempt: number): Promise<void> {
    const delivery = await this.ds.getRepository(WebhookDeliveryEntity).findOneBy({ id: deliveryId });
    if (!delivery || delivery.status !== 'pending' || delivery.attempts !== attempt - 1) return;
    const endpoint = await this.ds
      .getRepository(WebhookEndpointEntity)
      .findOneBy({ id: delivery.endpointId });
    if (!endpoint) return;
    const now = await this.clock.now(delivery.project);
    if (endpoint.status !== 'enabled') {
      await this.ds.query(
        `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = $2 WHERE id = $1 AND status = 'pending'`,
        [deliveryId, now],
      );
      return;
    }
    const body = await this.store.rawAt(delivery.eventId, delivery.eventTime);
    if (body === null) {
      // Removed from the log by hand: nothing to send, ever. The delivery fails instead of retrying.
      this.log.warn(
        { deliveryId, eventId: delivery.eventId },
        'the event of a delivery is not in the log; nothing to send',
      );
      const entry: WebhookAttempt = {
        attempt,
        at: now.toISOString(),
        responseStatus: null,
        durationMs: 0,
        error: 'The event is no longer in the event log.',
        responseBody: null,
      };
      await this.ds.query(
        `UPDATE webhook_deliveries SET status = 'failed', attempts = $2, next_attempt_at = NULL, attempt_log = attempt_log || $3::jsonb, updated_at = $4
         WHERE id = $1 AND status = 'pending' AND attempts = $2 - 1`,
        [deliveryId, attempt, JSON.stringify([entry]), now],
      );
      return;
    }
    // The signature timestamp is transport time (receivers compare it with their own clock), not domain time.
    const headers = signWebhook(endpoint.secret, delivery.eventId, Math.floor(Date.now() / 1000), body);
    const result = await this.sender.send(endpoint.url, headers, body, endpoint.listener);
    if (endpoint.listener && result.responseStatus === null) {
      // No relay answers: its `ops webhooks listen` ended without removing it (killed). The endpoint goes.
      await this.ds.transaction(async (em) => {
        await em.query('DELETE FROM webhook_deliveries WHERE endpoint_id = $1', [endpoint.id]);
        await em.query('DELETE FROM webhook_endpoints WHERE id = $1 AND listener', [endpoint.id]);
      });
      this.log.info(
        { endpoint: endpoint.id, project: endpoint.project },
        'webhook listener gone; endpoint removed',
      );
      return;
    }
    const ok = result.responseStatus !== null && result.responseStatus >= 200 && result.responseStatus < 300;
    const entry: WebhookAttempt = { attempt, at: now.toISOString(), ...result };

    const next = await this.ds.transaction(async (em) => {
      const current = await em.findOne(WebhookDeliveryEntity, {
        where: { id: deliveryId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current || current.status !== 'pending' || current.attempts !== attempt - 1) return null;
      const roundStartedAt = current.roundStartedAt ?? now;
      let nextAt: Date | null = null;
      if (ok) {
        current.status = 'succeeded';
        await em.query(
          'UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL',
          [endpoint.id],
        );
      } else {
        nextAt = nextAttemptAt(roundStartedAt, attempt, now);
        if (!nextAt) current.status = 'failed';
        const [row] = (await em.query(
          `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 RETURNING failing_since, status`,
          [endpoint.id, now],
        )) as [Array<{ failing_since: Date; status: string }>, number];
        const failingSince = row[0]?.failing_since;
        if (failingSince && row[0]?.status === 'enabled' && shouldDisable(new Date(failingSince), now)) {
          await em.query(
            `UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = 'failing', updated_at = $2 WHERE id = $1`,
            [endpoint.id, now],
          );
          this.log.warn(
            { endpoint: endpoint.id, project: endpoint.project, failingSince },
            'webhook endpoint disabled after failing for days',
          );
          current.status = 'failed';
          nextAt = null;
        }
      }
      current.attempts = attempt;
      current.roundStartedAt = roundStartedAt;
      current.lastAttemptAt = now;
      current.lastResponseStatus = result.responseStatus;
      current.nextAttemptAt = nextAt;
      current.attemptLog = [...current.attemptLog, entry].slice(-LOG_SIZE);
      current.updatedAt = now;
      await em.save(current);
      return nextAt;
    });
    if (next) {
      await this.scheduler.schedule(
        'webhook.delivery',
        { deliveryId, attempt: attempt + 1 },
        { id: jobId(deliveryId, attempt + 1), dueAt: next, project: delivery.project },
      );
    }
  }

  async list(
    project: string,
    endpointId: string,
    query: ListDeliveriesQuery,
    page: Page,
  ): Promise<ListPage<WebhookDelivery>> {
    await this.endpoint(project, endpointId);
    const qb = this.ds
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.endpoint_id = :endpointId AND d.project = :project', { endpointId, project });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.event) qb.andWhere('d.event_id = :event', { event: query.event });
    return paginate(qb, page, 'd.id', toWebhookDelivery);
  }

  async get(project: string, endpointId: string, id: string): Promise<WebhookDelivery> {
    return toWebhookDelivery(await this.delivery(project, endpointId, id));
  }

  /** Sends a delivery again now (whatever its status), as a new round of retries. */
  async retry(project: string, endpointId: string, id: string): Promise<WebhookDelivery> {
    await this.endpoint(project, endpointId);
    await this.delivery(project, endpointId, id);
    return this.restart(project, id);
  }

  /** Sends an event from the log to an endpoint: a new delivery, or a new round of an existing one. */
  async redeliverEvent(
    project: string,
    endpointId: string,
    eventId: string,
  ): Promise<{ created: boolean; delivery: WebhookDelivery }> {
    await this.endpoint(project, endpointId);
    const event = await this.store.get(project, eventId);
    if (!event) throw new WebhookException(WebhookErrorCode.EventNotFound);
    const existing = await this.ds.getRepository(WebhookDeliveryEntity).findOneBy({ endpointId, eventId });
    if (existing) return { created: false, delivery: await this.restart(project, existing.id) };
    const now = await this.clock.now(project);
    const entity = this.ds.getRepository(WebhookDeliveryEntity).create({
      id: newId('webhookDelivery'),
      project,
      endpointId,
      eventId,
      eventType: event.type,
      eventTime: new Date(event.time),
      status: 'pending',
      attempts: 0,
      roundStartedAt: null,
      nextAttemptAt: now,
      lastAttemptAt: null,
      lastResponseStatus: null,
      attemptLog: [],
      createdAt: now,
      updatedAt: now,
    });
    // Two identical requests at once both find no delivery: the second insert loses on the (endpoint, event)
    // key and becomes a new round of the delivery the first one created, as if it had come a moment later.
    const inserted = await this.ds
      .createQueryBuilder()
      .insert()
      .into(WebhookDeliveryEntity)
      .values(entity)
      .orIgnore()
      .returning(['id'])
      .execute();
    if (!inserted.raw || (inserted.raw as unknown[]).length === 0) {
      const winner = await this.ds
        .getRepository(WebhookDeliveryEntity)
        .findOneByOrFail({ endpointId, eventId });
      return { created: false, delivery: await this.restart(project, winner.id) };
    }
    await this.scheduler.schedule(
      'webhook.delivery',
      { deliveryId: entity.id, attempt: 1 },
      { id: jobId(entity.id, 1), dueAt: now, project },
    );
    return { created: true, delivery: toWebhookDelivery(entity) };
  }

  private async restart(project: string, id: string): Promise<WebhookDelivery> {
    const now = await this.clock.now(project);
    const d = await this.ds.transaction(async (em) => {
      const current = await em.findOne(WebhookDeliveryEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw new WebhookException(WebhookErrorCode.DeliveryNotFound);
      current.status = 'pending';
      current.roundStartedAt = null;
      current.nextAttemptAt = now;
      current.updatedAt = now;
      await em.save(current);
      return current;
    });
    // A retry already waiting for this attempt number would keep its later due time: take it out first.
    await this.scheduler.unschedule('webhook.delivery', jobId(id, d.attempts + 1), project);
    await this.scheduler.schedule(
      'webhook.delivery',
      { deliveryId: id, attempt: d.attempts + 1 },
      { id: jobId(id, d.attempts + 1), dueAt: now, project },
    );
    return toWebhookDelivery(d);
  }

  /** Re-creates the job of every pending delivery (after a Redis loss): the database holds the due times. */
  private async reschedule(): Promise<void> {
    let after = '';
    for (;;) {
      const rows: Array<{ id: string; project: string; attempts: number; next_attempt_at: Date }> =
        await this.ds.query(
          `SELECT id, project, attempts, next_attempt_at FROM webhook_deliveries
         WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND id > $1 ORDER BY id LIMIT 1000`,
          [after],
        );
      if (!rows.length) return;
      await this.scheduler.scheduleMany(
        'webhook.delivery',
        rows.map((r) => ({
          id: jobId(r.id, r.attempts + 1),
          dueAt: new Date(r.next_attempt_at),
          project: r.project,
          payload: { deliveryId: r.id, attempt: r.attempts + 1 },
        })),
      );
      after = rows[rows.length - 1]!.id;
    }
  }

  private async endpoint(project: string, id: string): Promise<WebhookEndpointEntity> {
    const e = await this.ds.getRepository(WebhookEndpointEntity).findOneBy({ project, id });
    if (!e) throw new WebhookException(WebhookErrorCode.EndpointNotFound);
    return e;
  }

  private async delivery(project: string, endpointId: string, id: string): Promise<WebhookDeliveryEntity> {
    const d = await this.ds.getRepository(WebhookDeliveryEntity).findOneBy({ project, endpointId, id });
    if (!d) throw new WebhookException(WebhookErrorCode.DeliveryNotFound);
    return d;
  }
}
