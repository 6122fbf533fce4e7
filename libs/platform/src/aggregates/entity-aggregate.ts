import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { EventDataOf, EventType } from '@simline/contracts';
import type { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent } from '@simline/messaging';
import type { AggregateSnapshot, AggregateSource, ScheduledWork } from './aggregate-registry.js';

/** An entity with what every Simline aggregate row has: its id, its project and its version (latest sequence). */
export interface VersionedRow extends ObjectLiteral {
  id: string;
  project: string;
  version: number;
}

export interface EntityAggregateOptions<E extends VersionedRow, T extends EventType> {
  type: string;
  dataSource: DataSource;
  clock: Clock;
  entity: EntityTarget<E>;
  /** The resource as its events carry it. */
  toData: (row: E) => EventDataOf<T>;
  /** The event that re-emits the current state (`<aggregate>.updated`). */
  snapshotEvent: T;
  scheduled?: (id: string) => Promise<ScheduledWork[]>;
}

/**
 * The AggregateSource of an aggregate kept in one table (columns id, project, version): listed in id order,
 * re-emitted by bumping the version and appending `snapshotEvent` in the same transaction (docs/decisions/0704).
 */
export function entityAggregate<E extends VersionedRow, T extends EventType>(
  o: EntityAggregateOptions<E, T>,
): AggregateSource {
  const snapshot = (row: E): AggregateSnapshot => ({
    id: row.id,
    project: row.project,
    sequence: row.version,
    data: o.toData(row),
  });
  return {
    type: o.type,
    list: async ({ project, after, limit }) => {
      const qb = o.dataSource
        .getRepository(o.entity)
        .createQueryBuilder('a')
        .where('a.id > :after', { after: after ?? '' });
      if (project) qb.andWhere('a.project = :project', { project });
      return (await qb.orderBy('a.id', 'ASC').limit(limit).getMany()).map(snapshot);
    },
    get: async (id) => {
      const row = await o.dataSource
        .getRepository(o.entity)
        .createQueryBuilder('a')
        .where('a.id = :id', { id })
        .getOne();
      return row ? snapshot(row) : null;
    },
    republish: async (ids) => {
      const out: AggregateSnapshot[] = [];
      for (const id of ids) {
        const done = await o.dataSource.transaction(async (em) => {
          const row = await em
            .getRepository(o.entity)
            .createQueryBuilder('a')
            .setLock('pessimistic_write')
            .where('a.id = :id', { id })
            .getOne();
          if (!row) return null;
          const sequence = row.version + 1;
          await em
            .getRepository(o.entity)
            .createQueryBuilder()
            .update()
            .set({ version: sequence } as never)
            .where('id = :id', { id })
            .execute();
          const data = o.toData(row);
          await appendToOutbox(em, [
            buildEvent({
              type: o.snapshotEvent,
              project: row.project,
              sequence,
              data,
              time: await o.clock.now(row.project),
            }),
          ]);
          return { id, project: row.project, sequence, data };
        });
        if (done) out.push(done);
      }
      return out;
    },
    ...(o.scheduled ? { scheduled: o.scheduled } : {}),
  };
}
