import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  newId,
  parsePage,
  type ConsentDeliveryMethod,
  type ConsentRequest,
  type ConsentRequestDetails,
  type ConsentRequestType,
  type ListPage,
  type Subscription,
} from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent } from '@simline/messaging';
import { paginate } from '@simline/persistence';
import { ProjectsReplica, type OwnedResource } from '@simline/platform';
import { Scheduler } from '@simline/scheduling';
import { consentConfig } from '../config.js';
import { ReplicasService, type SubscriptionView } from '../replicas/replicas.service.js';
import { ConsentRequestEntity } from './consent-request.entity.js';
import { ConsentErrorCode, ConsentException } from './consent-request.exception.js';
import { toConsentRequest } from './consent-request.mapper.js';
import {
  conflictWithOpen,
  creationRefusal,
  expiryFor,
  isCancelable,
  isExpiryDue,
  isFulfillable,
  linkState,
  pickLocale,
  resendRefusal,
  statusAfterApproval,
  type LinkState,
} from './consent-request.rules.js';
import type { ListConsentRequestsQuery } from './consent-request.dto.js';
import { hashLinkToken, looksLikeLinkToken } from './token.util.js';

type ConsentEventType = 'consentRequest.created' | 'consentRequest.approved' | 'consentRequest.fulfilled' | 'consentRequest.canceled' | 'consentRequest.expired';

export const expiryJobId = (id: string) => `consent-expiry:${id}`;
export const deliveryJobId = (id: string) => `consent-delivery:${id}`;

/** What the approval page needs to know about a link. */
export interface LinkView {
  state: LinkState | 'invalid';
  request?: ConsentRequestEntity;
  view?: SubscriptionView | null;
  /** The brand end users know (the project's `emails.brandName`, else its name) and its support contact. */
  brand?: string;
  support?: string | null;
}

@Injectable()
export class ConsentRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly replicas: ReplicasService,
    private readonly projects: ProjectsReplica,
  ) {}

  // ---- creating --------------------------------------------------------------------------------------

  /** A gated operation: a pending consent request, its e-mail on the way, its expiry scheduled. */
  async request(project: string, subscriptionId: string, type: ConsentRequestType, deliveryMethod: ConsentDeliveryMethod, details: ConsentRequestDetails): Promise<ConsentRequest> {
    if (deliveryMethod !== 'email') throw new ConsentException(ConsentErrorCode.DeliveryMethodNotAvailable);
    const owned = await this.replicas.subscriptionNow(project, subscriptionId);
    if (!owned) throw new ConsentException(ConsentErrorCode.SubscriptionNotFound);
    const view: SubscriptionView = { subscription: owned.data, user: owned.data.user };
    await this.assertCanAsk(project, view, deliveryMethod);
    if (details.sim) await this.assertSimCanReplace(project, view.subscription, type, details);
    const now = await this.clock.now(project);
    const created = await this.dataSource.transaction(async (em) => {
      await this.assertStillLive(em, owned, now);
      const open: Array<{ status: 'pending' | 'approved' }> = await em.query(
        `SELECT status FROM consent_requests WHERE subscription_id = $1 AND type = $2 AND status IN ('pending', 'approved')`,
        [subscriptionId, type],
      );
      const conflict = conflictWithOpen(open.map((o) => o.status));
      if (conflict) throw new ConsentException(conflict);
      return this.insert(em, project, view, { type, deliveryMethod, details, resentFrom: null }, now);
    });
    await this.scheduleFor(created);
    return toConsentRequest(created);
  }

  /**
   * Stores what the owner said in the replica and re-reads the replica's row under a share lock: an end that
   * the consumer applies concurrently either commits first (and the request is refused here) or waits for this
   * transaction (and then cancels the request it creates). Either way no request outlives its subscription.
   */
  private async assertStillLive(
    em: EntityManager,
    owned: OwnedResource<Subscription>,
    now: Date,
  ): Promise<void> {
    await this.storeSubscriptions(em, [{ ...owned, time: now.toISOString() }]);
    const status = await this.replicas.lockedStatus(em, owned.id);
    if (status !== 'active') throw new ConsentException(ConsentErrorCode.SubscriptionNotActive);
  }

  /** Subscription snapshots into the replica; an ended subscription takes its open requests with it. */
  async storeSubscriptions(
    em: EntityManager,
    snapshots: ReadonlyArray<OwnedResource<Subscription> & { time: string }>,
  ): Promise<void> {
    const applied = await this.replicas.storeSubscriptions(em, snapshots);
    for (const s of applied) {
      if (s.status === 'ended') await this.cancelOpenForSubscription(em, s.project, s.id);
    }
  }

  /** A SIM named for a replacement must exist in the project, serve no subscription, and fit the change. */
  private async assertSimCanReplace(
    project: string,
    subscription: Subscription,
    type: ConsentRequestType,
    details: ConsentRequestDetails,
  ): Promise<void> {
    const sim = await this.replicas.simNow(project, details.sim!);
    if (!sim) throw new ConsentException(ConsentErrorCode.SimNotFound);
    if (sim.subscription !== null || sim.status !== 'inactive')
      throw new ConsentException(ConsentErrorCode.SimNotAvailable);
    const provider =
      type === 'providerChange'
        ? details.provider
        : (subscription.sim?.provider ?? subscription.plan.provider);
    if ((provider && sim.provider !== provider) || !subscription.plan.simTypes.includes(sim.type))
      throw new ConsentException(ConsentErrorCode.SimProviderMismatch);
  }

  private async assertCanAsk(project: string, view: SubscriptionView, deliveryMethod: string): Promise<void> {
    const settings = await this.projects.get(project);
    const refusal = creationRefusal({
      deliveryMethod,
      emailsEnabled: settings.settings.emails.enabled,
      email: view.user.email,
      subscriptionStatus: view.subscription.status,
    });
    if (refusal) throw new ConsentException(refusal);
  }

  private async insert(
    em: EntityManager,
    project: string,
    view: SubscriptionView,
    r: { id?: string; type: ConsentRequestType; deliveryMethod: ConsentDeliveryMethod; details: ConsentRequestDetails; resentFrom: string | null },
    now: Date,
  ): Promise<ConsentRequestEntity> {
    const entity = em.create(ConsentRequestEntity, {
      id: r.id ?? newId('consentRequest', now.getTime()),
      project,
      type: r.type,
      subscriptionId: view.subscription.id,
      userId: view.user.id,
      status: 'pending',
      deliveryMethod: r.deliveryMethod,
      details: r.details,
      recipient: view.user.email!,
      locale: pickLocale(view.user.preferredLocale),
      tokenHash: null,
      resentFrom: r.resentFrom,
      replacedBy: null,
      version: 1,
      createdAt: now,
      expiresAt: expiryFor(now, consentConfig().CONSENT_LINK_TTL_MINUTES),
      sentAt: null,
      approvedAt: null,
      fulfilledAt: null,
      canceledAt: null,
      cancellationReason: null,
      expiredAt: null,
    });
    // The partial unique index holds "one pending request of a type per subscription" under concurrency.
    const inserted = await em.createQueryBuilder().insert().into(ConsentRequestEntity).values(entity).orIgnore().returning(['id']).execute();
    if (!(inserted.raw as unknown[]).length) throw new ConsentException(ConsentErrorCode.AlreadyPending);
    await this.emit(em, entity, 'consentRequest.created', now);
    return entity;
  }

  private async scheduleFor(r: ConsentRequestEntity): Promise<void> {
    await this.scheduler.schedule('consentRequest.delivery', { consentRequestId: r.id }, { id: deliveryJobId(r.id), dueAt: r.createdAt, project: r.project });
    await this.scheduler.schedule('consentRequest.expiry', { consentRequestId: r.id }, { id: expiryJobId(r.id), dueAt: r.expiresAt, project: r.project });
  }

  // ---- reading ---------------------------------------------------------------------------------------

  async get(project: string, id: string): Promise<ConsentRequest> {
    const entity = await this.dataSource.getRepository(ConsentRequestEntity).findOneBy({ project, id });
    if (!entity) throw new ConsentException(ConsentErrorCode.NotFound);
    return toConsentRequest(entity);
  }

  async list(project: string, query: ListConsentRequestsQuery): Promise<ListPage<ConsentRequest>> {
    const page = parsePage(query, 'consentRequest');
    const qb = this.dataSource.getRepository(ConsentRequestEntity).createQueryBuilder('c').where('c.project = :project', { project });
    if (query.subscription) qb.andWhere('c.subscriptionId = :subscription', { subscription: query.subscription });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.type) qb.andWhere('c.type = :type', { type: query.type });
    return paginate(qb, page, 'c.id', toConsentRequest);
  }

  // ---- changing state --------------------------------------------------------------------------------

  private async lock(em: EntityManager, project: string, id: string): Promise<ConsentRequestEntity> {
    const entity = await em.getRepository(ConsentRequestEntity).findOne({ where: { project, id }, lock: { mode: 'pessimistic_write' } });
    if (!entity) throw new ConsentException(ConsentErrorCode.NotFound);
    return entity;
  }

  private async transition(em: EntityManager, e: ConsentRequestEntity, patch: Partial<ConsentRequestEntity>, type: ConsentEventType, now: Date): Promise<void> {
    Object.assign(e, patch, { version: e.version + 1 });
    await em.update(ConsentRequestEntity, { id: e.id }, { ...patch, version: e.version });
    await this.emit(em, e, type, now);
  }

  private async emit(em: EntityManager, e: ConsentRequestEntity, type: ConsentEventType, now: Date): Promise<void> {
    await appendToOutbox(em, [buildEvent({ type, project: e.project, sequence: e.version, data: toConsentRequest(e), time: now })]);
  }

  /** Cancel: pending and approved only; the link is dead from then on. */
  async cancel(project: string, id: string): Promise<ConsentRequest> {
    const now = await this.clock.now(project);
    const entity = await this.dataSource.transaction(async (em) => {
      const e = await this.lock(em, project, id);
      if (!isCancelable(e.status)) throw new ConsentException(ConsentErrorCode.NotCancelable);
      await this.transition(em, e, { status: 'canceled', canceledAt: now, cancellationReason: 'canceledByPartner' }, 'consentRequest.canceled', now);
      return e;
    });
    await this.scheduler.unschedule('consentRequest.expiry', expiryJobId(id), project);
    return toConsentRequest(entity);
  }

  /**
   * Resend: a new pending request of the same type with a fresh link, when the previous one is pending,
   * canceled or expired, no approved one of the type exists, and the subscription is active. A pending request
   * it replaces is canceled.
   */
  async resend(project: string, id: string, deliveryMethod?: ConsentDeliveryMethod): Promise<ConsentRequest> {
    const now = await this.clock.now(project);
    const first = await this.dataSource.getRepository(ConsentRequestEntity).findOneBy({ project, id });
    if (!first) throw new ConsentException(ConsentErrorCode.NotFound);
    const owned = await this.replicas.subscriptionNow(project, first.subscriptionId);
    if (!owned) throw new ConsentException(ConsentErrorCode.SubscriptionNotFound);
    const view: SubscriptionView = { subscription: owned.data, user: owned.data.user };
    const { created, replaced } = await this.dataSource.transaction(async (em) => {
      // The replica's row first, then the requests: the order the subscription consumer locks them in.
      await this.assertStillLive(em, owned, now);
      const prev = await this.lock(em, project, id);
      const open = await em.getRepository(ConsentRequestEntity).find({
        where: { subscriptionId: prev.subscriptionId, type: prev.type, status: In(['pending', 'approved']) },
        lock: { mode: 'pessimistic_write' },
      });
      const refusal = resendRefusal({ status: prev.status, approvedOfSameType: open.some((o) => o.status === 'approved'), subscription: view.subscription });
      if (refusal) throw new ConsentException(refusal);
      const method = deliveryMethod ?? prev.deliveryMethod;
      if (method !== 'email') throw new ConsentException(ConsentErrorCode.DeliveryMethodNotAvailable);
      await this.assertCanAsk(project, view, method);
      // The new request's id is known before the old one is canceled, so that the cancellation says who
      // replaced it (porting keeps a port-out waiting on the new request instead of failing it).
      const nextId = newId('consentRequest', now.getTime());
      const replaced: string[] = [];
      for (const p of open.filter((o) => o.status === 'pending')) {
        await this.transition(em, p, { status: 'canceled', canceledAt: now, replacedBy: nextId, cancellationReason: 'replaced' }, 'consentRequest.canceled', now);
        replaced.push(p.id);
      }
      const created = await this.insert(em, project, view, { id: nextId, type: prev.type, deliveryMethod: method, details: prev.details, resentFrom: prev.id }, now);
      return { created, replaced };
    });
    for (const r of replaced) await this.scheduler.unschedule('consentRequest.expiry', expiryJobId(r), project);
    await this.scheduleFor(created);
    return toConsentRequest(created);
  }

  /** The follow-up of an approved portOutCredentials request: `fulfilled`, and porting issues the credentials. */
  async fulfill(project: string, id: string): Promise<ConsentRequest> {
    const now = await this.clock.now(project);
    const entity = await this.dataSource.transaction(async (em) => {
      const e = await this.lock(em, project, id);
      if (!isFulfillable(e.type, e.status)) throw new ConsentException(ConsentErrorCode.NotFulfillable);
      await this.transition(em, e, { status: 'fulfilled', fulfilledAt: now }, 'consentRequest.fulfilled', now);
      return e;
    });
    return toConsentRequest(entity);
  }

  /** The expiry job: a request still pending at its expiry time becomes `expired`. */
  async expire(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const e = await em.getRepository(ConsentRequestEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e) return false;
      return this.expireLocked(em, e, await this.clock.now(e.project));
    });
  }

  private async expireLocked(em: EntityManager, e: ConsentRequestEntity, now: Date): Promise<boolean> {
    if (!isExpiryDue(e, now)) return false;
    await this.transition(em, e, { status: 'expired', expiredAt: e.expiresAt }, 'consentRequest.expired', now);
    return true;
  }

  /** A subscription ended: its pending and approved requests are canceled (in the consumer's transaction). */
  async cancelOpenForSubscription(em: EntityManager, project: string, subscriptionId: string): Promise<number> {
    const open = await em.getRepository(ConsentRequestEntity).find({
      where: { project, subscriptionId, status: In(['pending', 'approved']) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!open.length) return 0;
    const now = await this.clock.now(project);
    for (const e of open) await this.transition(em, e, { status: 'canceled', canceledAt: now, cancellationReason: 'subscriptionEnded' }, 'consentRequest.canceled', now);
    return open.length;
  }

  // ---- the link --------------------------------------------------------------------------------------

  /** What a link leads to, without changing anything (GET of the approval page). */
  async inspectLink(token: string): Promise<LinkView> {
    if (!looksLikeLinkToken(token)) return { state: 'invalid' };
    const request = await this.dataSource.getRepository(ConsentRequestEntity).findOneBy({ tokenHash: hashLinkToken(token) });
    if (!request) return { state: 'invalid' };
    const [view, project, now] = await Promise.all([
      this.replicas.subscription(request.project, request.subscriptionId),
      this.projects.get(request.project),
      this.clock.now(request.project),
    ]);
    const emails = project.settings.emails;
    return {
      state: linkState(request, now, view?.subscription.status ?? null),
      request,
      view,
      brand: emails.brandName ?? project.name,
      support: emails.supportContact ?? null,
    };
  }

  /**
   * The user pressed Approve: `approved`, and for SIM replacements and provider changes `fulfilled` at once.
   * Re-checked under a row lock, so two clicks approve once; the second sees a used link.
   */
  async approveLink(token: string): Promise<LinkView & { approvedNow: boolean }> {
    const first = await this.inspectLink(token);
    if (first.state === 'invalid' || !first.request) return { ...first, approvedNow: false };
    const project = first.request.project;
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      const e = await this.lock(em, project, first.request!.id);
      const state = linkState(e, now, first.view?.subscription.status ?? null);
      if (state === 'expired') await this.expireLocked(em, e, now);
      if (state !== 'open') return { ...first, request: e, state, approvedNow: false };
      await this.transition(em, e, { status: 'approved', approvedAt: now }, 'consentRequest.approved', now);
      if (statusAfterApproval(e.type) === 'fulfilled') {
        await this.transition(em, e, { status: 'fulfilled', fulfilledAt: now }, 'consentRequest.fulfilled', now);
      }
      return { ...first, request: e, state: 'open', approvedNow: true };
    });
  }

  /**
   * The user answered "I did not ask for this": the request is canceled with its own cause (`declinedByUser`,
   * in the `consentRequest.canceled` event and the resource), so the partner's support sees that the user
   * refused it. Under a row lock like approval: a link is answered once, either way.
   */
  async declineLink(token: string): Promise<LinkView & { declinedNow: boolean }> {
    const first = await this.inspectLink(token);
    if (first.state === 'invalid' || !first.request) return { ...first, declinedNow: false };
    const project = first.request.project;
    const now = await this.clock.now(project);
    const result = await this.dataSource.transaction(async (em) => {
      const e = await this.lock(em, project, first.request!.id);
      const state = linkState(e, now, first.view?.subscription.status ?? null);
      if (state === 'expired') await this.expireLocked(em, e, now);
      if (state !== 'open') return { ...first, request: e, state, declinedNow: false };
      await this.transition(em, e, { status: 'canceled', canceledAt: now, cancellationReason: 'declinedByUser' }, 'consentRequest.canceled', now);
      return { ...first, request: e, state: 'open' as const, declinedNow: true };
    });
    if (result.declinedNow) await this.scheduler.unschedule('consentRequest.expiry', expiryJobId(result.request.id), project);
    return result;
  }

  // ---- jobs ------------------------------------------------------------------------------------------

  /** Every pending request: its expiry (and, until sent, its delivery) is re-created at worker start. */
  async pendingForRescheduling(): Promise<Array<Pick<ConsentRequestEntity, 'id' | 'project' | 'expiresAt' | 'createdAt' | 'sentAt'>>> {
    return this.dataSource.getRepository(ConsentRequestEntity).find({
      select: { id: true, project: true, expiresAt: true, createdAt: true, sentAt: true },
      where: { status: 'pending' },
    });
  }

  /** Marks the token of a request about to be e-mailed; false when the request no longer needs its e-mail. */
  async armLink(id: string, tokenHash: string): Promise<ConsentRequestEntity | null> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `UPDATE consent_requests SET token_hash = $2 WHERE id = $1 AND status = 'pending' AND sent_at IS NULL RETURNING id`,
      [id, tokenHash],
    );
    if (!rows.length) return null;
    return this.dataSource.getRepository(ConsentRequestEntity).findOneBy({ id });
  }

  /**
   * The e-mail went out: `sentAt` is part of the resource, so it gets an event of its own
   * (`consentRequest.updated`, the next sequence), and the newest event equals GET.
   */
  async markSent(id: string, at: Date): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const e = await em
        .getRepository(ConsentRequestEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!e || e.sentAt) return;
      const before = toConsentRequest(e);
      Object.assign(e, { sentAt: at, version: e.version + 1 });
      await em.update(ConsentRequestEntity, { id }, { sentAt: at, version: e.version });
      const data = toConsentRequest(e);
      await appendToOutbox(em, [
        buildEvent({
          type: 'consentRequest.updated',
          project: e.project,
          sequence: e.version,
          data,
          time: at,
          previousData: { sentAt: before.sentAt },
        }),
      ]);
    });
  }
}
