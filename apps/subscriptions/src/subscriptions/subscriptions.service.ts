import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId, type ListPage, type Page, type Subscription, type Voucher } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox } from '@simline/messaging';
import { paginate } from '@simline/persistence';
import { OwnerReads, ProjectsReplica } from '@simline/platform';
import { isUniqueViolation, retryOnDeadlock } from '../common/db-errors.js';
import { PhoneNumbersService } from '../numbers/phone-numbers.service.js';
import { PlanLookup } from '../plan-replica/plan.lookup.js';
import { PortingLookup } from '../porting-replica/porting.lookup.js';
import { SimsService } from '../sims/sims.service.js';
import {
  checkCreate,
  checkVoucher,
  isVoicePlan,
  type CreateRequest,
} from './domain/create-subscription.rules.js';
import { checkTargetPlan } from './domain/plan-change.rules.js';
import {
  cancel,
  cancelPlanChange,
  changePlanNow,
  endNow,
  newSubscription,
  resume,
  schedulePlanChange,
} from './domain/subscription.rules.js';
import type {
  CancelSubscriptionDto,
  ChangePlanDto,
  CreateSubscriptionDto,
  EndSubscriptionDto,
  ListSubscriptionsQuery,
  UpdateSubscriptionDto,
} from './subscription.dto.js';
import { SubscriptionEntity } from './subscription.entity.js';
import { subscriptionEvent } from './subscription.events.js';
import { SubscriptionErrorCode, SubscriptionException } from './subscription.exception.js';
import { SubscriptionLifecycle, type Decision } from './subscription.lifecycle.js';
import {
  findView,
  renderSubscription,
  stateColumns,
  VIEW_SELECT,
  type SubscriptionViewRow,
} from './subscription.view.js';
import type { SubscriptionState } from './domain/subscription.rules.js';

/** The partner operations on subscriptions. The rules live in `domain/`; this loads, locks, writes and publishes. */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly projects: ProjectsReplica,
    private readonly plans: PlanLookup,
    private readonly portings: PortingLookup,
    private readonly sims: SimsService,
    private readonly numbers: PhoneNumbersService,
    private readonly lifecycle: SubscriptionLifecycle,
    private readonly owners: OwnerReads,
  ) {}

  /** A new subscription (pending, or initiated when the project bills), its SIM and number, and `subscription.created`. */
  async create(project: string, dto: CreateSubscriptionDto): Promise<Subscription> {
    const now = await this.clock.now(project);
    const billing = (await this.projects.get(project)).settings.billing.enabled;
    // Decided on the plan and port-in as their owners hold them now, not on replicas that may be behind what
    // the partner was just shown (docs/decisions/0008); the replicas take the newer snapshot in the transaction.
    const [ownedPlan, ownedPorting, deviceModelFound, voucher] = await Promise.all([
      this.plans.current(project, dto.plan),
      dto.porting ? this.portings.current(project, dto.porting) : null,
      dto.deviceModel && !dto.device ? this.plans.deviceModelExists(project, dto.deviceModel) : false,
      dto.voucherCode && billing
        ? this.owners.get<Voucher>('billing', 'voucherCode', project, dto.voucherCode)
        : null,
    ]);
    const plan = ownedPlan?.data ?? null;
    const porting = ownedPorting?.data ?? null;
    const request: CreateRequest = {
      sim: dto.sim ?? 'auto',
      porting: dto.porting ?? null,
      userAddress: dto.userAddress ?? null,
      device: dto.device ?? null,
      deviceModel: dto.deviceModel ?? null,
    };
    try {
      return await this.dataSource.transaction(async (em) => {
        if (ownedPlan) await this.plans.store(em, [{ ...ownedPlan, time: now.toISOString() }]);
        if (ownedPorting) await this.portings.store(em, [{ ...ownedPorting, time: now.toISOString() }]);
        const [user]: Array<{ id: string; full_name: string | null; birthday: string | null }> =
          await em.query(
            'SELECT id, full_name, birthday FROM users WHERE project = $1 AND id = $2 AND deleted_at IS NULL FOR SHARE',
            [project, dto.user],
          );
        const sim = request.sim !== 'auto' ? await this.sims.lock(em, project, request.sim) : null;
        const portingInUse = porting ? await this.portingInUse(em, porting.id) : false;
        const [address]: Array<{ user_id: string }> = request.userAddress
          ? await em.query('SELECT user_id FROM user_addresses WHERE project = $1 AND id = $2', [
              project,
              request.userAddress,
            ])
          : [];
        checkCreate({
          request,
          user: user ? { id: user.id, fullName: user.full_name, birthday: user.birthday } : null,
          plan,
          sim: sim
            ? {
                type: sim.type,
                provider: sim.provider,
                status: sim.status,
                inUse: sim.subscriptionId !== null,
              }
            : null,
          porting: porting ? { status: porting.status, user: porting.user, inUse: portingInUse } : null,
          userAddress: address ? { user: address.user_id } : null,
          deviceModelFound,
        });
        if (dto.voucherCode) checkVoucher(dto.voucherCode, voucher?.data ?? null, plan!, billing, now);
        const id = newId('subscription');
        const simId = sim
          ? (await this.sims.assign(em, sim, id, now), sim.id)
          : (await this.sims.createESim(em, project, plan!.provider, id, now)).id;
        const phoneNumber =
          isVoicePlan(plan!) && !porting
            ? await this.numbers.allocate(em, plan!.provider, project, id, now)
            : null;
        const state = newSubscription(
          {
            unit: plan!.validity.unit,
            value: plan!.validity.value,
            minimumPeriods: plan!.validity.minimumPeriods,
          },
          {
            simReady: false,
            portingRequired: porting !== null,
            portingCompleted: false,
            paymentRequired: billing,
            paymentReceived: false,
          },
        );
        await em.insert(
          SubscriptionEntity,
          this.newRow(id, project, dto, request, simId, phoneNumber, state, now),
        );
        const data = renderSubscription((await findView(em, project, id))!);
        await appendToOutbox(em, [subscriptionEvent('subscription.created', project, 1, data, now)]);
        return data;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'subscriptions_live_sim_key'))
        throw new SubscriptionException(
          'simInUse',
          'The SIM is already used by another subscription.',
          'sim',
        );
      if (isUniqueViolation(err, 'subscriptions_live_porting_key'))
        throw new SubscriptionException(
          'portingInUse',
          'The porting is already used by another subscription.',
          'porting',
        );
      throw SubscriptionException.from(err);
    }
  }

  private newRow(
    id: string,
    project: string,
    dto: CreateSubscriptionDto,
    req: CreateRequest,
    simId: string,
    phoneNumber: string | null,
    state: SubscriptionState,
    now: Date,
  ) {
    const c = stateColumns(state);
    return {
      id,
      project,
      userId: dto.user,
      planId: dto.plan,
      simId,
      portingId: req.porting,
      userAddressId: req.userAddress,
      device: req.device,
      deviceModel: req.deviceModel,
      status: state.status,
      phoneNumber,
      metadata: dto.metadata ?? {},
      voucherCode: dto.voucherCode ?? null,
      validityUnit: state.validity.unit,
      validityValue: state.validity.value,
      minimumPeriods: state.validity.minimumPeriods,
      cutoffPeriod: 0,
      firstUsageAt: null,
      simReady: c.sim_ready,
      portingRequired: c.porting_required,
      portingCompleted: c.porting_completed,
      paymentRequired: c.payment_required,
      paymentReceived: c.payment_received,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
  }

  private async portingInUse(em: EntityManager, portingId: string): Promise<boolean> {
    const rows = await em.query(
      `SELECT 1 FROM subscriptions WHERE porting_id = $1 AND status <> 'ended' LIMIT 1`,
      [portingId],
    );
    return rows.length > 0;
  }

  async get(project: string, id: string): Promise<Subscription> {
    const row = await findView(this.dataSource.manager, project, id);
    if (!row) throw new SubscriptionException(SubscriptionErrorCode.NotFound);
    return renderSubscription(row);
  }

  async list(project: string, q: ListSubscriptionsQuery, page: Page): Promise<ListPage<Subscription>> {
    const qb = this.dataSource
      .getRepository(SubscriptionEntity)
      .createQueryBuilder('s')
      .select('s.id')
      .where('s.project = :project', { project });
    qb.andWhere('s.status IN (:...statuses)', { statuses: q.status });
    if (q.user) qb.andWhere('s.userId = :user', { user: q.user });
    if (q.plan) qb.andWhere('s.planId = :plan', { plan: q.plan });
    if (q.sim) qb.andWhere('s.simId = :sim', { sim: q.sim });
    const ids = await paginate(qb, page, 's.id', (e) => ({ id: e.id }));
    return {
      ...ids,
      items: await this.views(
        project,
        ids.items.map((i) => i.id),
      ),
    };
  }

  /** Subscriptions with this phone number, newest first (any status). */
  async search(project: string, phoneNumber: string): Promise<ListPage<Subscription>> {
    const rows: SubscriptionViewRow[] = await this.dataSource.query(
      `${VIEW_SELECT} WHERE s.project = $1 AND s.phone_number = $2 ORDER BY s.id DESC LIMIT 200`,
      [project, phoneNumber],
    );
    return {
      object: 'list',
      items: rows.map(renderSubscription),
      moreItemsAfter: null,
      moreItemsBefore: null,
    };
  }

  private async views(project: string, ids: string[]): Promise<Subscription[]> {
    if (!ids.length) return [];
    const rows: SubscriptionViewRow[] = await this.dataSource.query(
      `${VIEW_SELECT} WHERE s.project = $1 AND s.id = ANY($2::varchar[])`,
      [project, ids],
    );
    const byId = new Map(rows.map((r) => [r.id, renderSubscription(r)]));
    return ids.map((id) => byId.get(id)!).filter(Boolean);
  }

  update(project: string, id: string, dto: UpdateSubscriptionDto): Promise<Subscription> {
    return this.change(project, id, (_row, state) =>
      dto.metadata === undefined
        ? null
        : { state, event: 'subscription.updated', patch: { metadata: dto.metadata } },
    );
  }

  cancel(project: string, id: string, dto: CancelSubscriptionDto): Promise<Subscription> {
    return this.change(project, id, (_row, state, now) => ({
      state: cancel(state, now, dto.cancellationDetails ?? null),
      event: 'subscription.canceled',
    }));
  }

  resume(project: string, id: string): Promise<Subscription> {
    return this.change(project, id, (_row, state) => ({
      state: resume(state),
      event: 'subscription.resumed',
    }));
  }

  end(project: string, id: string, dto: EndSubscriptionDto): Promise<Subscription> {
    return this.change(project, id, (_row, state, now) => ({
      state: endNow(state, now, dto.cancellationDetails ?? null),
      event: 'subscription.ended',
    }));
  }

  /**
   * Changes the plan now (`subscription.planChanged`; billing bills the difference) or schedules the change for the
   * renewal (`subscription.planChangeScheduled`). Decided on the plan as the plans service holds it now (0008).
   */
  async changePlan(project: string, id: string, dto: ChangePlanDto): Promise<Subscription> {
    const owned = await this.plans.current(project, dto.plan);
    return this.change(
      project,
      id,
      (row, state, now) => {
        checkTargetPlan(
          row.plan_data,
          row.sm_type ? { type: row.sm_type, provider: row.sm_provider! } : null,
          owned?.data ?? null,
        );
        const req = { id: newId('subscriptionChange'), planId: dto.plan, previousPlanId: row.plan_id };
        return dto.effective === 'immediately'
          ? {
              state: changePlanNow(state, now, req),
              event: 'subscription.planChanged',
              patch: { plan_id: dto.plan },
            }
          : { state: schedulePlanChange(state, now, req), event: 'subscription.planChangeScheduled' };
      },
      async (em, now) => {
        if (owned) await this.plans.store(em, [{ ...owned, time: now.toISOString() }]);
      },
    );
  }

  /** Cancels the scheduled plan change, until one hour before the renewal that would apply it. */
  cancelPlanChange(project: string, id: string): Promise<Subscription> {
    return this.change(project, id, (_row, state, now) => ({
      state: cancelPlanChange(state, now),
      event: 'subscription.planChangeCanceled',
    }));
  }

  private async change(
    project: string,
    id: string,
    decide: (row: SubscriptionViewRow, state: SubscriptionState, now: Date) => Decision | null,
    before?: (em: EntityManager, now: Date) => Promise<void>,
  ): Promise<Subscription> {
    const now = await this.clock.now(project);
    try {
      // The SIM provisioning job locks the SIM, then the subscription; an end locks them the other way round.
      // The deadlock's victim rolled back whole, so it runs again (a 503 for it was a bug, issue 17).
      const result = await retryOnDeadlock(() =>
        this.dataSource.transaction(async (em) => {
          await before?.(em, now);
          return this.lifecycle.transition(em, project, id, now, (row, state) => decide(row, state, now));
        }),
      );
      if (!result) throw new SubscriptionException(SubscriptionErrorCode.NotFound);
      return result;
    } catch (err) {
      throw SubscriptionException.from(err);
    }
  }
}
