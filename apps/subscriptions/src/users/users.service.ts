import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { newId, type ListPage, type Page, type User, type UserAddress } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent, changedFields } from '@simline/messaging';
import { paginate } from '@simline/persistence';
import { endForCause } from '../subscriptions/domain/subscription.rules.js';
import { SubscriptionLifecycle } from '../subscriptions/subscription.lifecycle.js';
import { reemitEmbedding } from '../subscriptions/subscription.embedding.js';
import type { CreateUserAddressDto, CreateUserDto, ListUsersQuery, UpdateUserDto } from './user.dto.js';
import { UserAddressEntity } from './user-address.entity.js';
import { UserEntity } from './user.entity.js';
import { UserErrorCode, UserException } from './user.exception.js';
import { toUser, toUserAddress } from './user.mapper.js';

/** Users and their addresses, with `user.*` events; deleting a user ends their subscriptions (`userDeleted`). */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly lifecycle: SubscriptionLifecycle,
  ) {}

  async create(project: string, dto: CreateUserDto): Promise<User> {
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      const entity = em.create(UserEntity, {
        id: newId('user'),
        project,
        email: dto.email,
        emailVerified: dto.emailVerified ?? false,
        fullName: dto.fullName ?? null,
        birthday: dto.birthday ?? null,
        preferredLocale: dto.preferredLocale ?? null,
        metadata: dto.metadata ?? {},
        version: 1,
        deletedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(UserEntity, entity);
      const user = toUser(entity);
      await appendToOutbox(em, [
        buildEvent({ type: 'user.created', project, sequence: 1, data: user, time: now }),
      ]);
      return user;
    });
  }

  async get(project: string, id: string): Promise<User> {
    return toUser(await this.find(this.dataSource.manager, project, id));
  }

  async list(project: string, q: ListUsersQuery, page: Page): Promise<ListPage<User>> {
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.project = :project AND u.deletedAt IS NULL', { project });
    if (q.email) qb.andWhere('lower(u.email) = lower(:email)', { email: q.email });
    return paginate(qb, page, 'u.id', toUser);
  }

  async update(project: string, id: string, dto: UpdateUserDto): Promise<User> {
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      const entity = await this.find(em, project, id, true);
      const before = toUser(entity);
      if (dto.email !== undefined) entity.email = dto.email;
      if (dto.emailVerified !== undefined) entity.emailVerified = dto.emailVerified;
      else if (dto.email !== undefined && dto.email !== before.email) entity.emailVerified = false;
      if (dto.fullName !== undefined) entity.fullName = dto.fullName;
      if (dto.birthday !== undefined) entity.birthday = dto.birthday;
      if (dto.preferredLocale !== undefined) entity.preferredLocale = dto.preferredLocale;
      if (dto.metadata !== undefined) entity.metadata = dto.metadata;
      const after = toUser(entity);
      const previousData = changedFields(
        before as unknown as Record<string, unknown>,
        after as unknown as Record<string, unknown>,
      );
      if (!Object.keys(previousData).length) return before;
      entity.version += 1;
      entity.updatedAt = now;
      await em.save(UserEntity, entity);
      await appendToOutbox(em, [
        buildEvent({
          type: 'user.updated',
          project,
          sequence: entity.version,
          data: after,
          time: now,
          previousData,
        }),
      ]);
      // The subscriptions that embed the user show the change in an event of their own.
      await reemitEmbedding(em, this.clock, 'user_id', [id], (current) => ({ ...current, user: before }));
      return after;
    });
  }

  /** Deletes a user: their live subscriptions end now with cause `userDeleted`, then `user.deleted`. */
  async delete(project: string, id: string): Promise<User> {
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      const entity = await this.find(em, project, id, true);
      const live: Array<{ id: string }> = await em.query(
        `SELECT id FROM subscriptions WHERE project = $1 AND user_id = $2 AND status <> 'ended' ORDER BY id`,
        [project, id],
      );
      for (const s of live) {
        await this.lifecycle.transition(em, project, s.id, now, (_row, state) => {
          const ended = endForCause(state, now, 'userDeleted');
          return ended ? { state: ended, event: 'subscription.ended' } : null;
        });
      }
      entity.deletedAt = now;
      entity.updatedAt = now;
      entity.version += 1;
      await em.save(UserEntity, entity);
      const user = toUser(entity);
      await appendToOutbox(em, [
        buildEvent({ type: 'user.deleted', project, sequence: entity.version, data: user, time: now }),
      ]);
      return user;
    });
  }

  async addAddress(project: string, userId: string, dto: CreateUserAddressDto): Promise<UserAddress> {
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      await this.find(em, project, userId, false, true);
      const entity = em.create(UserAddressEntity, {
        id: newId('userAddress'),
        project,
        userId,
        city: dto.city,
        country: dto.country,
        line1: dto.line1,
        line2: dto.line2 ?? null,
        postalCode: dto.postalCode ?? null,
        state: dto.state ?? null,
        createdAt: now,
      });
      await em.insert(UserAddressEntity, entity);
      return toUserAddress(entity);
    });
  }

  async listAddresses(project: string, userId: string, page: Page): Promise<ListPage<UserAddress>> {
    await this.find(this.dataSource.manager, project, userId);
    const qb = this.dataSource
      .getRepository(UserAddressEntity)
      .createQueryBuilder('a')
      .where('a.project = :project AND a.userId = :userId', { project, userId });
    return paginate(qb, page, 'a.id', toUserAddress);
  }

  async getAddress(project: string, userId: string, id: string): Promise<UserAddress> {
    await this.find(this.dataSource.manager, project, userId);
    const entity = await this.dataSource.getRepository(UserAddressEntity).findOneBy({ project, userId, id });
    if (!entity) throw new UserException(UserErrorCode.AddressNotFound);
    return toUserAddress(entity);
  }

  /** A user that is not deleted, optionally locked (for update, or shared against a concurrent delete). */
  private async find(
    em: EntityManager,
    project: string,
    id: string,
    lock = false,
    share = false,
  ): Promise<UserEntity> {
    const entity = await em.getRepository(UserEntity).findOne({
      where: { project, id, deletedAt: IsNull() },
      ...(lock
        ? { lock: { mode: 'pessimistic_write' as const } }
        : share
          ? { lock: { mode: 'pessimistic_read' as const } }
          : {}),
    });
    if (!entity) throw new UserException(UserErrorCode.NotFound);
    return entity;
  }
}
