import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { ResourceReaders } from '@simline/platform';
import { UserEntity } from './user.entity.js';
import { toUser } from './user.mapper.js';

/** Users as other services' decisions read them (`/internal/resources/user/{id}`): a deleted user is none. */
@Injectable()
export class UserReader implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readers: ResourceReaders,
  ) {}

  onModuleInit(): void {
    this.readers.register({
      type: 'user',
      get: async (project, id) => {
        const u = await this.dataSource
          .getRepository(UserEntity)
          .findOneBy({ project, id, deletedAt: IsNull() });
        return u ? { id: u.id, project: u.project, sequence: u.version, data: toUser(u) } : null;
      },
    });
  }
}
