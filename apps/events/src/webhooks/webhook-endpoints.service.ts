import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newId, type ListPage, type Page } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { paginate } from '@simline/persistence';
import { typesOf } from '../common/event-patterns.js';
import { EVENTS_CONFIG, type EventsConfig } from '../config.js';
import type { CreateWebhookEndpointDto, UpdateWebhookEndpointDto, WebhookEndpoint } from './webhook.dto.js';
import { WebhookErrorCode, WebhookException } from './webhook.exception.js';
import { toWebhookEndpoint } from './webhook.mapper.js';
import { WebhookEndpointEntity } from './webhook-endpoint.entity.js';
import { newSigningSecret } from './webhook-signature.js';
import { checkListenerUrl, checkWebhookUrl, internalAddressOf } from './webhook-url.js';

@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(EVENTS_CONFIG) private readonly config: EventsConfig,
  ) {}

  async create(project: string, dto: CreateWebhookEndpointDto): Promise<WebhookEndpoint> {
    return this.insert(project, dto, await this.checkUrl(dto.url), false);
  }

  /**
   * A temporary endpoint for `ops webhooks listen` (internal API only): deliveries go to the CLI's relay on the
   * loopback, which verifies and forwards them; the CLI deletes it when it ends (and a delivery that finds no
   * relay removes it).
   */
  async createListener(
    project: string,
    dto: { url: string; enabledEvents: string[] },
  ): Promise<WebhookEndpoint> {
    const r = checkListenerUrl(dto.url);
    if (!r.ok)
      throw new WebhookException(WebhookErrorCode.InvalidUrl, r.message, [
        { path: 'url', code: r.problem, message: r.message },
      ]);
    const description = 'ops webhooks listen (temporary: removed when the command ends)';
    return this.insert(project, { ...dto, description }, r.url.toString(), true);
  }

  private async insert(
    project: string,
    dto: CreateWebhookEndpointDto,
    url: string,
    listener: boolean,
  ): Promise<WebhookEndpoint> {
    const enabledEvents = this.checkPatterns(dto.enabledEvents);
    const now = await this.clock.now(project);
    return this.ds.transaction(async (em) => {
      // Serialise creations per project so that the limit holds under concurrent calls.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webhook-endpoints:${project}`]);
      const count = await em.count(WebhookEndpointEntity, { where: { project } });
      if (count >= this.config.WEBHOOKS_MAX_ENDPOINTS)
        throw new WebhookException(WebhookErrorCode.TooManyEndpoints);
      const entity = em.create(WebhookEndpointEntity, {
        id: newId('webhookEndpoint'),
        project,
        url,
        description: dto.description ?? null,
        enabledEvents,
        status: 'enabled',
        disabledReason: null,
        secret: newSigningSecret(),
        failingSince: null,
        listener,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(WebhookEndpointEntity, entity);
      return toWebhookEndpoint(entity, true);
    });
  }

  async get(project: string, id: string): Promise<WebhookEndpoint> {
    return toWebhookEndpoint(await this.find(project, id));
  }

  async find(project: string, id: string): Promise<WebhookEndpointEntity> {
    const entity = await this.ds.getRepository(WebhookEndpointEntity).findOneBy({ project, id });
    if (!entity) throw new WebhookException(WebhookErrorCode.EndpointNotFound);
    return entity;
  }

  list(project: string, page: Page): Promise<ListPage<WebhookEndpoint>> {
    const qb = this.ds
      .getRepository(WebhookEndpointEntity)
      .createQueryBuilder('e')
      .where('e.project = :project', { project });
    return paginate(qb, page, 'e.id', (e) => toWebhookEndpoint(e));
  }

  async update(project: string, id: string, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpoint> {
    const url = dto.url === undefined ? undefined : await this.checkUrl(dto.url);
    const enabledEvents = dto.enabledEvents === undefined ? undefined : this.checkPatterns(dto.enabledEvents);
    const now = await this.clock.now(project);
    return this.ds.transaction(async (em) => {
      const entity = await em.findOne(WebhookEndpointEntity, {
        where: { project, id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entity) throw new WebhookException(WebhookErrorCode.EndpointNotFound);
      if (url !== undefined) {
        entity.url = url;
        entity.listener = false; // the new URL met the public-address rule
      }
      if (enabledEvents !== undefined) entity.enabledEvents = enabledEvents;
      if (dto.description !== undefined) entity.description = dto.description;
      if (dto.status === 'enabled' && entity.status !== 'enabled') {
        entity.status = 'enabled';
        entity.disabledReason = null;
        entity.failingSince = null;
      } else if (dto.status === 'disabled' && entity.status !== 'disabled') {
        entity.status = 'disabled';
        entity.disabledReason = 'byPartner';
      }
      entity.updatedAt = now;
      await em.save(entity);
      return toWebhookEndpoint(entity);
    });
  }

  /** Deletes the endpoint and its delivery log; pending retries find nothing and stop. */
  async remove(project: string, id: string, listenerOnly = false): Promise<WebhookEndpoint> {
    return this.ds.transaction(async (em) => {
      const entity = await em.findOne(WebhookEndpointEntity, {
        where: { project, id, ...(listenerOnly ? { listener: true } : {}) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entity) throw new WebhookException(WebhookErrorCode.EndpointNotFound);
      await em.query('DELETE FROM webhook_deliveries WHERE endpoint_id = $1', [id]);
      await em.delete(WebhookEndpointEntity, { id });
      return toWebhookEndpoint(entity);
    });
  }

  /** The URL's own form, then every address its host resolves to now (delivery checks them again). */
  private async checkUrl(value: string): Promise<string> {
    const allowPrivate = this.config.WEBHOOKS_ALLOW_PRIVATE_URLS;
    const r = checkWebhookUrl(value, allowPrivate);
    if (!r.ok)
      throw new WebhookException(WebhookErrorCode.InvalidUrl, r.message, [
        { path: 'url', code: r.problem, message: r.message },
      ]);
    const internal = allowPrivate ? null : await internalAddressOf(r.url.hostname);
    if (internal) {
      const message = `Webhook URLs must point at a public internet address: ${r.url.hostname} resolves to ${internal}.`;
      throw new WebhookException(WebhookErrorCode.InvalidUrl, message, [
        { path: 'url', code: 'privateAddress', message },
      ]);
    }
    return r.url.toString();
  }

  private checkPatterns(patterns: string[]): string[] {
    const unique = [...new Set(patterns.map((p) => p.trim()))];
    const bad = unique.filter((p) => typesOf(p).length === 0);
    if (bad.length) {
      throw new WebhookException(
        WebhookErrorCode.UnknownEventType,
        `No event type matches ${bad.map((b) => `"${b}"`).join(', ')}.`,
        bad.map((b) => ({
          path: `enabledEvents.${patterns.indexOf(b)}`,
          code: 'unknownEventType',
          message: `No event type matches "${b}".`,
        })),
      );
    }
    return unique;
  }
}
