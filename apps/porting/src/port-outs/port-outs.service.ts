import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { newId, parsePage, type EventEnvelope, type EventType, type ListPage, type PortOut } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { buildEvent } from '@simline/messaging';
import { paginate } from '@simline/persistence';
import { Scheduler } from '@simline/scheduling';
import { createLogger } from '@simline/observability';
import { ChangeWriter } from '../common/change-writer.js';
import { PORTING_CONFIG, type PortingConfig } from '../config/porting.config.js';
import { carrierById } from '../carriers/carrier-catalogue.js';
import { RecipientCarrierPort, type PortOutSubmission } from '../carriers/donor-carrier.port.js';
import { hashSecret, SecretBox, secretMatches } from '../secrets/secret-box.js';
import { SubscriptionReplicaEntity } from '../subscriptions/subscription-replica.entity.js';
import { ConsentReplicaEntity } from './consent-replica.entity.js';
import type { CarrierPortOutRequestDto, ListPortOutsQuery } from './port-out.dto.js';
import { PortOutEntity } from './port-out.entity.js';
import { PortOutErrorCode, PortOutException } from './port-out.exception.js';
import { portOutJobs, type PortOutJob } from './port-out.job-ids.js';
import { toPortOut } from './port-out.mapper.js';
import { consentOutcome, EVENT_OF_STATUS, isResend, PORT_OUT_OPEN, type ConsentEventType, type ConsentRequest } from './port-out.rules.js';

type PortOutEventType = Extract<EventType, `portOut.${string}`>;

const DAY = 86_400_000;

class Changes {
  readonly events: EventEnvelope<PortOutEventType>[] = [];
  readonly jobs: PortOutJob[] = [];

  record(e: PortOutEntity, type: PortOutEventType, time: Date): PortOut {
    e.version += 1;
    e.updatedAt = time;
    const data = toPortOut(e);
    this.events.push(buildEvent({ type, project: e.project, sequence: e.version, data, time }));
    return data;
  }
}

/** What staff hand to the user (once): the credentials the new carrier needs to take the number. */
export interface PortOutCredentials {
  object: 'portOutCredentials';
  portOut: string;
  phoneNumber: string;
  accountNumber: string;
  pin: string;
}

/**
 * Port-outs: another carrier asks for one of our numbers (`initiated`); the partner asks the user's consent for
 * port-out credentials (consent service); once staff follow up, credentials are generated (`issued`); the new
 * carrier submits them and the number leaves (`completed`), or the port-out expires or fails.
 */
@Injectable()
export class PortOutsService {
  private readonly log = createLogger('port-outs');
  private readonly writer: ChangeWriter<PortOutJob>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    scheduler: Scheduler,
    private readonly box: SecretBox,
    private readonly recipients: RecipientCarrierPort,
    @Inject(PORTING_CONFIG) private readonly config: PortingConfig,
  ) {
    this.writer = new ChangeWriter<PortOutJob>({
      dataSource,
      log: this.log,
      resource: 'portOut',
      schedule: (job) => scheduler.schedule('portOut.step', job.payload, job.options),
      conflict: { constraint: 'port_outs_open_phone_number_key', error: () => new PortOutException(PortOutErrorCode.AlreadyInProgress) },
    });
  }

  /** A carrier asks for one of our numbers (ops or the simulator stand in for it). */
  async request(project: string, dto: CarrierPortOutRequestDto): Promise<PortOut> {
    if (dto.recipientProvider && !carrierById(dto.recipientProvider)) throw new PortOutException(PortOutErrorCode.RecipientNotFound);
    const now = await this.clock.now(project);
    const changes = new Changes();
    let result!: PortOut;
    await this.writer.commit(changes, async (em) => {
      const sub = await em
        .getRepository(SubscriptionReplicaEntity)
        .createQueryBuilder('s')
        .where('s.project = :project AND s.phone_number = :phoneNumber', { project, phoneNumber: dto.phoneNumber })
        .andWhere(`s.status <> 'ended'`)
        .orderBy('s.updated_at', 'DESC')
        .getOne();
      if (!sub) throw new PortOutException(PortOutErrorCode.NumberNotFound);
      // The unique index is the guard against races; this check spares the database a failing insert.
      const open = await em.query(`SELECT 1 FROM port_outs WHERE project = $1 AND phone_number = $2 AND status IN ('initiated', 'processing', 'issued')`, [project, dto.phoneNumber]);
      if (open.length) throw new PortOutException(PortOutErrorCode.AlreadyInProgress);
      const e = em.create(PortOutEntity, {
        id: newId('portOut'),
        project,
        status: 'initiated',
        failureReason: null,
        subscriptionId: sub.id,
        userId: sub.userId,
        phoneNumber: dto.phoneNumber,
        recipientProviderId: dto.recipientProvider ?? null,
        consentRequestId: null,
        consentSequence: 0,
        accountNumberSealed: null,
        pinSealed: null,
        pinHash: null,
        credentialsRevealedAt: null,
        submitDueAt: null,
        expiresAt: new Date(now.getTime() + this.config.PORT_OUT_DEADLINE_DAYS * DAY),
        createdAt: now,
        issuedAt: null,
        completedAt: null,
        expiredAt: null,
        failedAt: null,
        version: 0,
        updatedAt: now,
      });
      // The partner may have asked the user's consent before the carrier asked: that request covers this port-out.
      const consent = await em
        .getRepository(ConsentReplicaEntity)
        .createQueryBuilder('c')
        .where('c.project = :project AND c.subscription_id = :sub', { project, sub: sub.id })
        .andWhere(`c.status IN ('pending', 'approved')`)
        .orderBy('c.id', 'DESC')
        .getOne();
      result = changes.record(e, 'portOut.initiated', now);
      if (consent) {
        e.status = 'processing';
        e.consentRequestId = consent.id;
        e.consentSequence = consent.sequence;
      }
      changes.jobs.push(portOutJobs.deadline(e));
      await em.insert(PortOutEntity, e);
    });
    return result;
  }

  async get(project: string, id: string): Promise<PortOut> {
    const e = await this.dataSource.getRepository(PortOutEntity).findOneBy({ project, id });
    if (!e) throw new PortOutException(PortOutErrorCode.NotFound);
    return toPortOut(e);
  }

  async list(project: string, query: ListPortOutsQuery): Promise<ListPage<PortOut>> {
    const page = parsePage(query, 'portOut');
    const qb = this.dataSource.getRepository(PortOutEntity).createQueryBuilder('o').where('o.project = :project', { project });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.subscription) qb.andWhere('o.subscription_id = :subscription', { subscription: query.subscription });
    if (query.phoneNumber) qb.andWhere('o.phone_number = :phoneNumber', { phoneNumber: query.phoneNumber });
    return paginate(qb, page, 'o.id', toPortOut);
  }

  /** Staff's follow-up: the issued credentials, shown exactly once. */
  async revealCredentials(project: string, id: string): Promise<PortOutCredentials> {
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      const e = await this.lock(em, project, id);
      if (e.status !== 'issued' || !e.accountNumberSealed || !e.pinSealed) throw new PortOutException(PortOutErrorCode.CredentialsNotIssued);
      if (e.credentialsRevealedAt) throw new PortOutException(PortOutErrorCode.CredentialsAlreadyRevealed);
      e.credentialsRevealedAt = now;
      await em.save(e);
      return { object: 'portOutCredentials', portOut: e.id, phoneNumber: e.phoneNumber, ...this.credentialsOf(e) };
    });
  }

  /** The new carrier presents the credentials: if they match, the number leaves us. */
  async submit(project: string, id: string, submission: PortOutSubmission): Promise<PortOut> {
    const now = await this.clock.now(project);
    const changes = new Changes();
    let result!: PortOut;
    await this.writer.commit(changes, async (em) => {
      const e = await this.lock(em, project, id);
      if (e.status !== 'issued') throw new PortOutException(PortOutErrorCode.CredentialsNotIssued);
      if (!this.matches(e, submission)) throw new PortOutException(PortOutErrorCode.CredentialsInvalid);
      result = this.finish(e, 'completed', changes, now);
      await em.save(e);
    });
    return result;
  }

  // ---- consent events ------------------------------------------------------------------------------

  /** A `portOutCredentials` consent event for a subscription: moves its open port-out on. */
  async onConsent(em: EntityManager, project: string, type: ConsentEventType, consent: ConsentRequest, sequence: number): Promise<void> {
    const e = await em
      .getRepository(PortOutEntity)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.project = :project AND o.subscription_id = :sub', { project, sub: consent.subscription })
      .andWhere('o.status IN (:...open)', { open: PORT_OUT_OPEN })
      .getOne();
    if (!e) {
      this.log.info({ consentRequest: consent.id, subscription: consent.subscription, type }, 'consent event with no port-out in progress; ignored');
      return;
    }
    // A request resent from the one the port-out follows is the same consent asked again: followed from now on.
    const resentFromFollowed = Boolean(e.consentRequestId) && consent.resentFrom === e.consentRequestId;
    if (e.consentRequestId && e.consentRequestId !== consent.id && !resentFromFollowed) {
      this.log.warn({ portOut: e.id, consentRequest: consent.id, bound: e.consentRequestId }, 'consent event of another consent request than the port-out’s; ignored');
      return;
    }
    if (e.consentRequestId === consent.id && sequence <= e.consentSequence) return;
    let outcome = consentOutcome(e.status, type);
    e.consentRequestId = consent.id;
    e.consentSequence = sequence;
    if (isResend(type, consent)) {
      // The link was sent again as a new request: the port-out follows that one (to the newest of a chain of
      // resends), and catches up with whatever of it was already seen (its events were ignored until now).
      const followed = await this.followResends(em, consent.replacedBy!);
      e.consentRequestId = followed.id;
      e.consentSequence = followed.sequence;
      outcome = followed.status ? consentOutcome(e.status, EVENT_OF_STATUS[followed.status]) : { action: 'none' };
      this.log.info({ portOut: e.id, replaced: consent.id, follows: followed.id }, 'consent request resent; the port-out follows the new one');
    }
    const now = await this.clock.now(project);
    const changes = new Changes();
    if (outcome.action === 'processing') {
      // The catalogue has no portOut.processing event: the resource shows it, the next event carries it.
      e.status = 'processing';
      e.updatedAt = now;
    } else if (outcome.action === 'issue') this.issue(e, changes, now);
    else if (outcome.action === 'fail') {
      e.failureReason = outcome.reason;
      this.finish(e, 'failed', changes, now);
    }
    await em.save(e);
    await this.writer.within(em, changes);
  }

  /** The newest request of a chain of resends from `id`, as far as the replica knows it (no status: none of its events yet). */
  private async followResends(em: EntityManager, id: string): Promise<{ id: string; sequence: number; status?: ConsentRequest['status'] }> {
    const repo = em.getRepository(ConsentReplicaEntity);
    let current = id;
    for (let hops = 0; hops < 100; hops++) {
      const row = await repo.findOneBy({ id: current });
      if (!row) return { id: current, sequence: 0 };
      if (row.status !== 'canceled' || !row.replacedBy) return { id: row.id, sequence: row.sequence, status: row.status };
      current = row.replacedBy;
    }
    return { id: current, sequence: 0 };
  }

  // ---- jobs ---------------------------------------------------------------------------------------

  /** The simulated recipient carrier submits what the user gave it. */
  async carrierSubmit(portOutId: string): Promise<void> {
    const e = await this.dataSource.getRepository(PortOutEntity).findOneBy({ id: portOutId });
    if (!e || e.status !== 'issued' || !e.accountNumberSealed || !e.pinSealed) return;
    const submission = this.recipients.submission(e.phoneNumber, this.credentialsOf(e));
    try {
      await this.submit(e.project, e.id, submission);
    } catch (err) {
      if (err instanceof PortOutException && err.code === PortOutErrorCode.CredentialsInvalid) {
        this.log.info({ portOut: e.id }, 'the recipient carrier submitted wrong credentials; the port-out stays issued');
        return;
      }
      throw err;
    }
  }

  async deadline(portOutId: string, firedAt: Date): Promise<void> {
    const changes = new Changes();
    await this.writer.commit(changes, async (em) => {
      const e = await em.findOne(PortOutEntity, { where: { id: portOutId }, lock: { mode: 'pessimistic_write' } });
      if (!e || !PORT_OUT_OPEN.includes(e.status) || e.expiresAt > firedAt) return;
      this.finish(e, 'expired', changes, firedAt);
      await em.save(e);
    });
  }

  async pendingJobs(): Promise<PortOutJob[]> {
    const rows = await this.dataSource
      .getRepository(PortOutEntity)
      .createQueryBuilder('o')
      .where('o.status IN (:...open)', { open: PORT_OUT_OPEN })
      .getMany();
    return rows.flatMap((e) => [portOutJobs.deadline(e), ...(e.status === 'issued' && e.submitDueAt ? [portOutJobs.carrierSubmit(e)] : [])]);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** Generates the credentials (kept sealed until the port-out finishes; the PIN also hashed for checking). */
  private issue(e: PortOutEntity, changes: Changes, now: Date): void {
    const accountNumber = digits(10);
    const pin = digits(6);
    e.accountNumberSealed = this.box.seal(accountNumber, `${e.id}:accountNumber`);
    e.pinSealed = this.box.seal(pin, `${e.id}:pin`);
    e.pinHash = hashSecret(pin);
    e.status = 'issued';
    e.issuedAt = now;
    const delay = this.recipients.submitDelayMs(e.phoneNumber);
    e.submitDueAt = delay === null ? null : new Date(now.getTime() + delay);
    if (e.submitDueAt) changes.jobs.push(portOutJobs.carrierSubmit(e));
    changes.record(e, 'portOut.issued', now);
  }

  private finish(e: PortOutEntity, status: 'completed' | 'expired' | 'failed', changes: Changes, now: Date): PortOut {
    e.status = status;
    e.accountNumberSealed = null;
    e.pinSealed = null;
    e.pinHash = null;
    e.submitDueAt = null;
    if (status === 'completed') e.completedAt = now;
    if (status === 'expired') e.expiredAt = now;
    if (status === 'failed') e.failedAt = now;
    return changes.record(e, `portOut.${status}`, now);
  }

  private credentialsOf(e: PortOutEntity): PortOutSubmission {
    return { accountNumber: this.box.open(e.accountNumberSealed!, `${e.id}:accountNumber`), pin: this.box.open(e.pinSealed!, `${e.id}:pin`) };
  }

  private matches(e: PortOutEntity, s: PortOutSubmission): boolean {
    if (!e.pinHash || !e.accountNumberSealed) return false;
    return secretMatches(s.pin, e.pinHash) && this.box.open(e.accountNumberSealed, `${e.id}:accountNumber`) === s.accountNumber;
  }

  private async lock(em: EntityManager, project: string, id: string): Promise<PortOutEntity> {
    const e = await em.findOne(PortOutEntity, { where: { project, id }, lock: { mode: 'pessimistic_write' } });
    if (!e) throw new PortOutException(PortOutErrorCode.NotFound);
    return e;
  }
}

function digits(n: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < n) out += String(randomInt(0, 10));
  return out;
}
