import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId, parsePage, PORTING_OPEN_STATUSES, type EventEnvelope, type EventType, type ListPage, type Porting, type Subscription } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { OwnerReads } from '@simline/platform';
import { buildEvent, changedFields, PoisonMessageError } from '@simline/messaging';
import { paginate } from '@simline/persistence';
import { Scheduler } from '@simline/scheduling';
import { createLogger } from '@simline/observability';
import { ChangeWriter } from '../common/change-writer.js';
import { PORTING_CONFIG, type PortingConfig } from '../config/porting.config.js';
import { carrierById, type PortingField } from '../carriers/carrier-catalogue.js';
import { DonorCarrierPort, type DonorAnswer } from '../carriers/donor-carrier.port.js';
import { SecretBox } from '../secrets/secret-box.js';
import type { CreatePortingDto, ListPortingsQuery, UpdatePortingDto } from './porting.dto.js';
import { PortingEntity } from './porting.entity.js';
import { PortingErrorCode, PortingException } from './porting.exception.js';
import { toPorting } from './porting.mapper.js';
import { CANCELABLE, DECLINE_FIELDS, EXPIRABLE, nextAfterChange, PATCHABLE, requiredFields } from './porting.rules.js';
import { portingJobs, portingJobsOf, type PortingJob } from './porting.job-ids.js';

type PortingEventType = Extract<EventType, `porting.${string}`>;

const DAY = 86_400_000;
const OPEN_SQL = PORTING_OPEN_STATUSES.map((st) => `'${st}'`).join(', ');

/** Events and jobs a change produces; events go to the outbox in the change's transaction. */
class Changes {
  readonly events: EventEnvelope<PortingEventType>[] = [];
  readonly jobs: PortingJob[] = [];

  /** Bumps the version and records the resource as it is now under `type`. */
  record(e: PortingEntity, type: PortingEventType, time: Date, previousData?: Record<string, unknown>): Porting {
    e.version += 1;
    e.updatedAt = time;
    const data = toPorting(e);
    this.events.push(buildEvent({ type, project: e.project, sequence: e.version, data, time, ...(previousData ? { previousData } : {}) }));
    return data;
  }
}

/**
 * Port-ins: the partner's endpoints and every transition (a subscription using it, the donor's answers, the
 * deadline). The account PIN is sealed as soon as it arrives and opened only to send it to the donor.
 */
@Injectable()
export class PortingsService {
  private readonly log = createLogger('portings');
  private readonly writer: ChangeWriter<PortingJob>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    scheduler: Scheduler,
    private readonly box: SecretBox,
    private readonly donors: DonorCarrierPort,
    @Inject(PORTING_CONFIG) private readonly config: PortingConfig,
    private readonly owners: OwnerReads,
  ) {
    this.writer = new ChangeWriter<PortingJob>({
      dataSource,
      log: this.log,
      resource: 'porting',
      schedule: (job) => scheduler.schedule('porting.step', job.payload, job.options),
      conflict: { constraint: 'portings_open_phone_number_key', error: () => new PortingException(PortingErrorCode.PhoneNumberInUse) },
    });
  }

  // ---- partner endpoints ---------------------------------------------------------------------------

  async create(project: string, dto: CreatePortingDto): Promise<Porting> {
    const now = await this.clock.now(project);
    if (dto.donorProvider) this.donorFor(dto.donorProvider, dto.provider);
    // The user is the subscriptions service's: asked there (docs/decisions/0008).
    if (!(await this.owners.get('subscriptions', 'user', project, dto.user)))
      throw new PortingException(PortingErrorCode.UserNotFound);
    const id = newId('porting');
    const e = new PortingEntity();
    Object.assign(e, {
      id,
      project,
      status: 'draft',
      phoneNumber: dto.phoneNumber,
      provider: dto.provider,
      userId: dto.user,
      subscriptionId: null,
      accountNumber: dto.accountNumber ?? null,
      accountPinSealed: dto.accountPin ? this.box.seal(dto.accountPin, id) : null,
      accountPinExists: Boolean(dto.accountPin),
      address: dto.address ? normalizeAddress(dto.address) : null,
      birthday: dto.birthday ?? null,
      firstName: dto.firstName ?? null,
      lastName: dto.lastName ?? null,
      donorProviderId: dto.donorProvider ?? null,
      donorProviderApproval: dto.donorProviderApproval ?? null,
      declinedAttempts: 0,
      declinedCode: null,
      declinedMessage: null,
      invalidFields: [],
      requestAttempt: 0,
      answerDueAt: null,
      deadlineAt: null,
      draftExpiresAt: new Date(now.getTime() + this.config.PORTING_DRAFT_TTL_DAYS * DAY),
      createdAt: now,
      canceledAt: null,
      completedAt: null,
      expiredAt: null,
      failedAt: null,
      lastDeclinedAt: null,
      lastRequestedAt: null,
      version: 0,
      updatedAt: now,
    } satisfies Partial<PortingEntity>);
    const changes = new Changes();
    const porting = changes.record(e, 'porting.created', now);
    changes.jobs.push(portingJobs.draftCleanup(e));
    await this.writer.commit(changes, async (em) => {
      // The unique index is the guard against races; this check spares the database a failing insert.
      const open = await em.query(`SELECT 1 FROM portings WHERE project = $1 AND phone_number = $2 AND status IN (${OPEN_SQL})`, [project, e.phoneNumber]);
      if (open.length) throw new PortingException(PortingErrorCode.PhoneNumberInUse);
      await em.insert(PortingEntity, e);
    });
    return porting;
  }

  async get(project: string, id: string): Promise<Porting> {
    const e = await this.dataSource.getRepository(PortingEntity).findOneBy({ project, id });
    if (!e) throw new PortingException(PortingErrorCode.NotFound);
    return toPorting(e);
  }

  async list(project: string, query: ListPortingsQuery): Promise<ListPage<Porting>> {
    const page = parsePage(query, 'porting');
    const qb = this.dataSource.getRepository(PortingEntity).createQueryBuilder('p').where('p.project = :project', { project });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.user) qb.andWhere('p.user_id = :user', { user: query.user });
    if (query.subscription) qb.andWhere('p.subscription_id = :subscription', { subscription: query.subscription });
    if (query.phoneNumber) qb.andWhere('p.phone_number = :phoneNumber', { phoneNumber: query.phoneNumber });
    return paginate(qb, page, 'p.id', toPorting);
  }

  /**
   * Changes the details while the port-in is draft, informationRequired or declined. A PATCH after which
   * nothing is required any more sends it to the donor again (`porting.requested`).
   */
  async update(project: string, id: string, dto: UpdatePortingDto): Promise<Porting> {
    // Field names only, never the body: the PIN must not reach a log line.
    this.log.debug({ porting: id, fields: Object.keys(dto) }, 'porting update');
    const now = await this.clock.now(project);
    const changes = new Changes();
    let result!: Porting;
    await this.writer.commit(changes, async (em) => {
      const e = await this.lock(em, project, id);
      if (!PATCHABLE.includes(e.status)) throw new PortingException(PortingErrorCode.NotUpdatable, `The porting is ${e.status}; it can only be changed while it is draft, informationRequired or declined.`);
      if (dto.phoneNumber !== undefined && dto.phoneNumber !== e.phoneNumber && e.status !== 'draft') throw new PortingException(PortingErrorCode.PhoneNumberNotUpdatable);
      if (dto.donorProvider) this.donorFor(dto.donorProvider, e.provider);
      const before = toPorting(e);
      const touched = this.apply(e, dto);
      e.invalidFields = e.invalidFields.filter((f) => !touched.has(f));
      const after = toPorting(e);
      const previous = changedFields(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
      result = Object.keys(previous).length ? changes.record(e, 'porting.updated', now, previous) : after;
      if (e.status !== 'draft' && nextAfterChange(e.status, after.required) === 'requested') result = this.request(e, changes, now);
      await em.save(e);
    });
    return result;
  }

  async cancel(project: string, id: string): Promise<Porting> {
    const now = await this.clock.now(project);
    const changes = new Changes();
    let result!: Porting;
    await this.writer.commit(changes, async (em) => {
      const e = await this.lock(em, project, id);
      if (!CANCELABLE.includes(e.status)) throw new PortingException(PortingErrorCode.NotCancelable, `The porting is ${e.status}; it can only be canceled while it is pending, informationRequired, requested or declined.`);
      result = this.finish(e, 'canceled', changes, now);
      await em.save(e);
    });
    return result;
  }

  // ---- events from other services -------------------------------------------------------------------

  /**
   * A subscription was created with this port-in: it leaves draft (pending) and either waits for information
   * or goes to the donor. Runs in the consumer's transaction; a repeat for the same subscription does nothing.
   */
  async attach(em: EntityManager, project: string, subscription: Subscription): Promise<void> {
    const portingId = subscription.porting?.id;
    if (!portingId) return;
    const e = await em.findOne(PortingEntity, { where: { project, id: portingId }, lock: { mode: 'pessimistic_write' } });
    if (!e) throw new PoisonMessageError(`Subscription ${subscription.id} uses porting ${portingId}, which does not exist in project ${project}.`, 'portingNotFound');
    if (e.subscriptionId === subscription.id) return;
    if (e.subscriptionId || e.status !== 'draft') {
      throw new PoisonMessageError(`Porting ${portingId} is ${e.status}${e.subscriptionId ? ` and used by ${e.subscriptionId}` : ''}; subscription ${subscription.id} cannot use it.`, 'portingNotDraft');
    }
    if (e.userId !== subscription.user.id) throw new PoisonMessageError(`Porting ${portingId} belongs to another user than subscription ${subscription.id}.`, 'portingUserMismatch');
    const now = await this.clock.now(project);
    const changes = new Changes();
    e.status = 'pending';
    e.subscriptionId = subscription.id;
    e.draftExpiresAt = null;
    e.deadlineAt = new Date(now.getTime() + this.config.PORTING_DEADLINE_DAYS * DAY);
    changes.record(e, 'porting.updated', now, { status: 'draft', subscription: null });
    changes.jobs.push(portingJobs.deadline(e));
    const required = requiredFields(e, carrierById(e.donorProviderId));
    if (nextAfterChange('pending', required) === 'requested') this.request(e, changes, now);
    else {
      e.status = 'informationRequired';
      changes.record(e, 'porting.informationRequired', now);
    }
    await em.save(e);
    await this.writer.within(em, changes);
  }

  /** The subscription of an unfinished port-in ended: the port-in is canceled. */
  async subscriptionEnded(em: EntityManager, project: string, subscriptionId: string): Promise<void> {
    const e = await em.findOne(PortingEntity, { where: { project, subscriptionId }, lock: { mode: 'pessimistic_write' } });
    if (!e || !EXPIRABLE.includes(e.status)) return;
    const now = await this.clock.now(project);
    const changes = new Changes();
    this.finish(e, 'canceled', changes, now);
    await em.save(e);
    await this.writer.within(em, changes);
  }

  // ---- jobs ---------------------------------------------------------------------------------------

  /** The donor's answer to request `attempt` is due: ask it, and record what it says. */
  async carrierAnswer(portingId: string, attempt: number, firedAt: Date): Promise<void> {
    const changes = new Changes();
    await this.writer.commit(changes, async (em) => {
      const e = await em.findOne(PortingEntity, { where: { id: portingId }, lock: { mode: 'pessimistic_write' } });
      if (!e || e.status !== 'requested' || e.requestAttempt !== attempt) return;
      const donor = carrierById(e.donorProviderId);
      if (!donor) throw new Error(`Porting ${e.id} was requested without a known donor`);
      const answer: DonorAnswer = await this.donors.answer(donor, {
        phoneNumber: e.phoneNumber,
        accountNumber: e.accountNumber,
        accountPin: e.accountPinSealed ? this.box.open(e.accountPinSealed, e.id) : null,
        firstName: e.firstName,
        lastName: e.lastName,
        birthday: e.birthday,
        address: e.address,
        donorProviderApproval: e.donorProviderApproval,
      });
      e.answerDueAt = null;
      if (answer.outcome === 'completed') this.finish(e, 'completed', changes, firedAt);
      else if (answer.outcome === 'failed') {
        e.declinedCode = answer.code;
        e.declinedMessage = answer.message;
        this.finish(e, 'failed', changes, firedAt);
      } else {
        e.status = 'declined';
        e.declinedAttempts += 1;
        e.declinedCode = answer.code;
        e.declinedMessage = answer.message;
        e.lastDeclinedAt = firedAt;
        e.invalidFields = [...DECLINE_FIELDS[answer.code]];
        changes.record(e, 'porting.declined', firedAt);
      }
      await em.save(e);
    });
  }

  /** The deadline passed: an unfinished port-in expires (the subscription then ends with `portingExpired`). */
  async deadline(portingId: string, firedAt: Date): Promise<void> {
    const changes = new Changes();
    await this.writer.commit(changes, async (em) => {
      const e = await em.findOne(PortingEntity, { where: { id: portingId }, lock: { mode: 'pessimistic_write' } });
      if (!e || !EXPIRABLE.includes(e.status) || !e.deadlineAt || e.deadlineAt > firedAt) return;
      this.finish(e, 'expired', changes, firedAt);
      await em.save(e);
    });
  }

  /** A draft that no subscription used in time is deleted (no event: nothing else ever depended on it). */
  async draftCleanup(portingId: string, firedAt: Date): Promise<void> {
    const deleted: unknown[] = await this.dataSource.query(
      `DELETE FROM portings WHERE id = $1 AND status = 'draft' AND subscription_id IS NULL AND draft_expires_at <= $2 RETURNING id`,
      [portingId, firedAt],
    );
    if (deleted.length) this.log.info({ porting: portingId }, 'deleted a draft porting no subscription used');
  }

  /** Every job the database says should exist (after a Redis loss or at start). */
  async pendingJobs(): Promise<PortingJob[]> {
    const rows = await this.dataSource
      .getRepository(PortingEntity)
      .createQueryBuilder('p')
      .where(`(p.answer_due_at IS NOT NULL AND p.status = 'requested')`)
      .orWhere(`(p.deadline_at IS NOT NULL AND p.status IN (:...open))`, { open: EXPIRABLE })
      .orWhere(`(p.draft_expires_at IS NOT NULL AND p.status = 'draft')`)
      .getMany();
    return rows.flatMap(portingJobsOf);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** Sends the port-in to the donor (again): its answer is due after the donor's delay. */
  private request(e: PortingEntity, changes: Changes, now: Date): Porting {
    const donor = carrierById(e.donorProviderId)!;
    e.status = 'requested';
    e.requestAttempt += 1;
    e.lastRequestedAt = now;
    e.answerDueAt = new Date(now.getTime() + this.donors.answerDelayMs(donor));
    changes.jobs.push(portingJobs.carrierAnswer(e));
    return changes.record(e, 'porting.requested', now);
  }

  /** A final state: nothing is awaited any more, and the sealed PIN is wiped (it is not needed again). */
  private finish(e: PortingEntity, status: 'completed' | 'canceled' | 'expired' | 'failed', changes: Changes, now: Date): Porting {
    e.status = status;
    e.answerDueAt = null;
    e.deadlineAt = null;
    e.draftExpiresAt = null;
    e.accountPinSealed = null;
    e.invalidFields = [];
    if (status === 'completed') e.completedAt = now;
    if (status === 'canceled') e.canceledAt = now;
    if (status === 'expired') e.expiredAt = now;
    if (status === 'failed') e.failedAt = now;
    return changes.record(e, `porting.${status}`, now);
  }

  /** Applies a PATCH body; returns the fields it touched (for clearing the last decline's marks). */
  private apply(e: PortingEntity, dto: UpdatePortingDto): Set<PortingField> {
    const touched = new Set<PortingField>();
    const set = <K extends PortingField>(field: K, given: unknown, assign: () => void) => {
      if (given === undefined) return;
      assign();
      touched.add(field);
    };
    if (dto.phoneNumber !== undefined) e.phoneNumber = dto.phoneNumber;
    set('accountNumber', dto.accountNumber, () => (e.accountNumber = dto.accountNumber ?? null));
    set('accountPin', dto.accountPin, () => {
      e.accountPinSealed = dto.accountPin ? this.box.seal(dto.accountPin, e.id) : null;
      e.accountPinExists = Boolean(dto.accountPin);
    });
    set('address', dto.address, () => (e.address = dto.address ? normalizeAddress(dto.address) : null));
    set('birthday', dto.birthday, () => (e.birthday = dto.birthday ?? null));
    set('donorProvider', dto.donorProvider, () => (e.donorProviderId = dto.donorProvider ?? null));
    set('donorProviderApproval', dto.donorProviderApproval, () => (e.donorProviderApproval = dto.donorProviderApproval ?? null));
    set('firstName', dto.firstName, () => (e.firstName = dto.firstName ?? null));
    set('lastName', dto.lastName, () => (e.lastName = dto.lastName ?? null));
    // The donor matches the name as a whole: correcting either part answers a name decline.
    if (touched.has('firstName') || touched.has('lastName')) touched.add('firstName').add('lastName');
    return touched;
  }

  private donorFor(id: string, provider: string) {
    const donor = carrierById(id);
    if (!donor || donor.kind !== 'donor') throw new PortingException(PortingErrorCode.DonorProviderNotFound, `No donor service provider ${id} exists.`, 'List them with GET /serviceProviders.');
    if (!donor.recipientProviders.includes(provider)) {
      throw new PortingException(PortingErrorCode.DonorProviderNotSupported, `${donor.name} cannot port numbers to provider ${provider}.`);
    }
    return donor;
  }

  private async lock(em: EntityManager, project: string, id: string): Promise<PortingEntity> {
    const e = await em.findOne(PortingEntity, { where: { project, id }, lock: { mode: 'pessimistic_write' } });
    if (!e) throw new PortingException(PortingErrorCode.NotFound);
    return e;
  }
}

function normalizeAddress(a: NonNullable<CreatePortingDto['address']>) {
  return { city: a.city, country: a.country, line1: a.line1, line2: a.line2 ?? null, postalCode: a.postalCode ?? null, state: a.state ?? null };
}
