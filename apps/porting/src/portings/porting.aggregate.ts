import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@simline/clock';
import { AggregateRegistry, entityAggregate } from '@simline/platform';
import { PortingEntity } from './porting.entity.js';
import { toPorting } from './porting.mapper.js';

/** Port-ins for ops reconciliation and `explain` (`/internal/aggregates/porting`); repair re-emits `porting.updated`. */
@Injectable()
export class PortingAggregate implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly registry: AggregateRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(entityAggregate({ type: 'porting', dataSource: this.ds, clock: this.clock, entity: PortingEntity, toData: toPorting, snapshotEvent: 'porting.updated' }));
  }
}
