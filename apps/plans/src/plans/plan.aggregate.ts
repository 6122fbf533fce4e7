import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@simline/clock';
import { AggregateRegistry, entityAggregate } from '@simline/platform';
import { PlanEntity } from './plan.entity.js';
import { toPlan } from './plan.mapper.js';

/** Plans for ops reconciliation and `explain` (`/internal/aggregates/plan`); repair re-emits `plan.updated`. */
@Injectable()
export class PlanAggregate implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly registry: AggregateRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(entityAggregate({ type: 'plan', dataSource: this.ds, clock: this.clock, entity: PlanEntity, toData: toPlan, snapshotEvent: 'plan.updated' }));
  }
}
