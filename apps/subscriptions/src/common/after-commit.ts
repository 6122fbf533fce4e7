import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { createLogger } from '@simline/observability';

const log = createLogger('after-commit');
const pending = new WeakMap<QueryRunner, Array<() => Promise<void>>>();
const installed = new WeakSet<DataSource>();

/**
 * Runs `fn` once the transaction of `em` has committed (at once outside a transaction). For work that must
 * not see uncommitted state, such as scheduling a job due now: fired before the commit, it would find
 * nothing to do. A rollback drops it.
 */
export function afterCommit(em: EntityManager, fn: () => Promise<void>): void {
  const qr = em.queryRunner;
  if (!qr?.isTransactionActive) {
    void fn().catch((err) => log.error({ err }, 'after-commit work failed'));
    return;
  }
  const list = pending.get(qr);
  if (list) list.push(fn);
  else pending.set(qr, [fn]);
}

/** Hooks the data source's transactions so that `afterCommit` work runs (awaited) right after COMMIT. */
export function installAfterCommit(ds: DataSource): void {
  if (installed.has(ds)) return;
  installed.add(ds);
  const subscriber: EntitySubscriberInterface = {
    async afterTransactionCommit({ queryRunner }) {
      if (queryRunner.isTransactionActive) return; // a savepoint was released, not the transaction
      const fns = pending.get(queryRunner);
      if (!fns) return;
      pending.delete(queryRunner);
      for (const fn of fns) {
        try {
          await fn();
        } catch (err) {
          // The database is the source of truth: the periodic rescheduler repairs a job that failed to schedule.
          log.error({ err }, 'after-commit work failed');
        }
      }
    },
    afterTransactionRollback({ queryRunner }) {
      if (!queryRunner.isTransactionActive) pending.delete(queryRunner);
    },
  };
  (ds.subscribers as EntitySubscriberInterface[]).push(subscriber);
}
