import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { emptyList, newId, type EventType, type ListPage, type Page, type Plan } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent, changedFields } from '@simline/messaging';
import { paginate } from '@simline/persistence';
import { matchesNothing, searchConstraints, type DeviceCapabilities, type PlanConstraints } from '../devices/compatibility.js';
import { DeviceModelsService } from '../devices/device-models.service.js';
import type { CreatePlanDto } from './create-plan.dto.js';
import type { ListPlansQuery, SearchPlansDto } from './list-plans.dto.js';
import { transition, type PlanAction } from './plan-state.js';
import { PlanEntity } from './plan.entity.js';
import { PlanErrorCode, PlanException } from './plan.exception.js';
import { toPlan } from './plan.mapper.js';
import type { UpdatePlanDto } from './update-plan.dto.js';

const ACTION_EVENTS: Record<PlanAction, EventType & `plan.${string}`> = { publish: 'plan.published', archive: 'plan.archived' };

interface PlanFilters {
  statuses: Plan['status'][];
  constraints: PlanConstraints;
}

@Injectable()
export class PlansService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly devices: DeviceModelsService,
  ) {}

  /** A new plan in `draft`, and its `plan.created` event in the same transaction. */
  async create(project: string, dto: CreatePlanDto): Promise<Plan> {
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      const entity = em.create(PlanEntity, {
        id: newId('plan'),
        project,
        status: 'draft',
        name: dto.name,
        description: dto.description ?? null,
        image: dto.image ?? null,
        provider: dto.provider,
        priceAmount: dto.price.amount,
        priceCurrency: dto.price.currency,
        simTypes: dto.simTypes,
        allowances: dto.allowances,
        coverage: { object: 'coverage', ...dto.coverage },
        limits: dto.limits,
        requirements: dto.requirements,
        validity: dto.validity,
        metadata: dto.metadata ?? {},
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(PlanEntity, entity);
      const plan = toPlan(entity);
      await appendToOutbox(em, [buildEvent({ type: 'plan.created', project, sequence: entity.version, data: plan, time: now })]);
      return plan;
    });
  }

  async get(project: string, id: string): Promise<Plan> {
    const entity = await this.dataSource.getRepository(PlanEntity).findOneBy({ project, id });
    if (!entity) throw new PlanException(PlanErrorCode.NotFound);
    return toPlan(entity);
  }

  /** Changes display fields; `plan.updated` carries the old values of what changed. No change, no event. */
  async update(project: string, id: string, dto: UpdatePlanDto): Promise<Plan> {
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      const entity = await this.lock(em, project, id);
      const before = toPlan(entity);
      if (dto.name !== undefined) entity.name = dto.name;
      if (dto.description !== undefined) entity.description = dto.description;
      if (dto.image !== undefined) entity.image = dto.image;
      if (dto.metadata !== undefined) entity.metadata = dto.metadata;
      const after = toPlan(entity);
      const previousData = changedFields(before, after);
      if (Object.keys(previousData).length === 0) return before;
      return this.commit(em, entity, 'plan.updated', now, previousData);
    });
  }

  /** publish (→ available) or archive (→ archived), by the rules of plan-state.ts. */
  async apply(project: string, id: string, action: PlanAction): Promise<Plan> {
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      const entity = await this.lock(em, project, id);
      const t = transition(entity.status, action);
      if (!t.ok) throw new PlanException(t.code);
      // A repeat of the transition the plan already made: nothing changes, no event.
      if (t.to === entity.status) return toPlan(entity);
      entity.status = t.to;
      return this.commit(em, entity, ACTION_EVENTS[action], now);
    });
  }

  async list(project: string, query: ListPlansQuery, page: Page): Promise<ListPage<Plan>> {
    return this.find(project, { statuses: query.status, constraints: searchConstraints({ provider: query.provider, simType: query.simType }, []) }, page);
  }

  /** Plans matching every filter and compatible with every device requirement (docs/decisions/0103). */
  async search(project: string, dto: SearchPlansDto, page: Page): Promise<ListPage<Plan>> {
    const devices: DeviceCapabilities[] = [];
    if (dto.compatibleWith?.imei) devices.push(await this.devices.byImei(dto.compatibleWith.imei, 'compatibleWith.imei'));
    if (dto.compatibleWith?.deviceModel) devices.push(await this.devices.byId(dto.compatibleWith.deviceModel, 'compatibleWith.deviceModel'));
    const constraints = searchConstraints({ provider: dto.provider, simType: dto.simType }, devices);
    return this.find(project, { statuses: dto.status, constraints }, page);
  }

  private find(project: string, filters: PlanFilters, page: Page): Promise<ListPage<Plan>> {
    if (matchesNothing(filters.constraints)) return Promise.resolve(emptyList<Plan>());
    const qb = this.dataSource
      .getRepository(PlanEntity)
      .createQueryBuilder('p')
      .where('p.project = :project', { project })
      .andWhere('p.status IN (:...statuses)', { statuses: filters.statuses })
      .andWhere('p.sim_types && CAST(:simTypes AS text[])', { simTypes: filters.constraints.simTypes });
    if (filters.constraints.providers) qb.andWhere('p.provider IN (:...providers)', { providers: filters.constraints.providers });
    return paginate(qb, page, 'p.id', toPlan);
  }

  /** The plan row, locked until the transaction ends, so versions (event sequences) have no gaps or repeats. */
  private async lock(em: EntityManager, project: string, id: string): Promise<PlanEntity> {
    const entity = await em.findOne(PlanEntity, { where: { project, id }, lock: { mode: 'pessimistic_write' } });
    if (!entity) throw new PlanException(PlanErrorCode.NotFound);
    return entity;
  }

  /** Bumps the version, saves, and appends the event with the new version as its sequence. */
  private async commit(em: EntityManager, entity: PlanEntity, type: EventType & `plan.${string}`, now: Date, previousData?: Record<string, unknown>): Promise<Plan> {
    entity.version += 1;
    entity.updatedAt = now;
    const { status, name, description, image, metadata, version, updatedAt } = entity;
    await em.update(PlanEntity, { id: entity.id }, { status, name, description, image, metadata, version, updatedAt });
    const plan = toPlan(entity);
    await appendToOutbox(em, [
      buildEvent({ type, project: entity.project, sequence: entity.version, data: plan, time: now, ...(previousData ? { previousData } : {}) }),
    ]);
    return plan;
  }
}
