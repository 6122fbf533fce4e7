import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

/**
 * Named counters for generated identifiers (ICCID serials per provider, generated phone numbers).
 *
 * A value is taken in a statement of its own, on a connection of its own, not in the caller's transaction: the
 * counter's row is locked for that statement only. Taken inside the caller's transaction, the row stayed locked
 * until its commit, and every subscription creation of the service queued behind the one before it (the gateway
 * benchmark: 4.7 of 5 busy PostgreSQL backends waiting on that row, 27 s p50 at 50 creations/s). The price: a value
 * taken by a transaction that then rolls back is skipped. Identifiers need to be unique, not dense; the inserts
 * that use them still skip a value ops added by hand (ON CONFLICT DO NOTHING, then the next one).
 */
@Injectable()
export class Counters implements OnModuleDestroy {
  private runner?: QueryRunner;
  /** Calls run one after another on the one connection. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  /** Takes the next `count` values of a counter (the first ever is 1) and returns the first of them. */
  next(name: string, count = 1): Promise<number> {
    const run = this.tail.then(() => this.take(name, count));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async take(name: string, count: number): Promise<number> {
    // A connection held for good, so that taking a value never waits for the pool the callers' transactions hold.
    if (!this.runner || this.runner.isReleased) {
      this.runner = this.dataSource.createQueryRunner();
      await this.runner.connect();
    }
    try {
      const rows: Array<{ value: string }> = await this.runner.query(
        `INSERT INTO counters (name, value) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET value = counters.value + EXCLUDED.value RETURNING value`,
        [name, count],
      );
      return Number(rows[0]!.value) - count + 1;
    } catch (err) {
      // A broken connection (a database restart): the next call takes a fresh one.
      await this.runner.release().catch(() => undefined);
      this.runner = undefined;
      throw err;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.tail;
    await this.runner?.release().catch(() => undefined);
  }
}
