import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ResourceReaders } from '@simline/platform';
import { SimEntity } from './sim.entity.js';
import { toSim } from './sim.mapper.js';

/**
 * SIMs as other services' decisions read them (`/internal/resources/sim/{id}`): the resource plus the
 * subscription it serves, so that a SIM replacement can be refused at request time.
 */
@Injectable()
export class SimReader implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readers: ResourceReaders,
  ) {}

  onModuleInit(): void {
    this.readers.register({
      type: 'sim',
      get: async (project, id) => {
        const s = await this.dataSource.getRepository(SimEntity).findOneBy({ project, id });
        return s
          ? {
              id: s.id,
              project: s.project,
              sequence: s.version,
              data: { ...toSim(s), subscription: s.subscriptionId },
            }
          : null;
      },
    });
  }
}
