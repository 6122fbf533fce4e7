import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@simline/clock';
import { AggregateRegistry, entityAggregate } from '@simline/platform';
import { PortingEntity } from './porting.entity.js';
import { portingJobsOf } from './porting.job-ids.js';
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
    this.registry.register(
      entityAggregate({
        type: 'porting',
        dataSource: this.ds,
        clock: this.clock,
        entity: PortingEntity,
        toData: toPorting,
        snapshotEvent: 'porting.updated',
        scheduled: async (id) => {
          const e = await this.ds.getRepository(PortingEntity).findOneBy({ id });
          if (!e) return [];
          return portingJobsOf(e).map((j) => ({ job: 'porting.step', id: j.options.id, dueAt: j.options.dueAt.toISOString() }));
        },
      }),
    );
  }
}
