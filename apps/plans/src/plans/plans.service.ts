import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newId, type Plan } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent } from '@simline/messaging';
import type { CreatePlanDto } from './create-plan.dto.js';
import { PlanEntity } from './plan.entity.js';
import { PlanErrorCode, PlanException } from './plan.exception.js';
import { toPlan } from './plan.mapper.js';

@Injectable()
export class PlansService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
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
      await appendToOutbox(em, [buildEvent({ type: 'plan.created', project, sequence: 1, data: plan, time: now })]);
      return plan;
    });
  }

  async get(project: string, id: string): Promise<Plan> {
    const entity = await this.dataSource.getRepository(PlanEntity).findOneBy({ project, id });
    if (!entity) throw new PlanException(PlanErrorCode.NotFound);
    return toPlan(entity);
  }
}
