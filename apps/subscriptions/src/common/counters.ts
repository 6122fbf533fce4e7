import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

/**
 * Named counters for generated identifiers (ICCID serials per provider, generated phone numbers).
 *
 * A value is taken in a statement of its own, on a connection of its own, not in the caller's transaction: the
 * counter's row is locked for that statement only. Taken inside the caller's transaction, the row stayed locked
 * until its commit, and every subscription creation of the service queued behind the one before it (the gateway
 * benchmark: 4.7 of 5 busy PostgreSQL backends waiting on that row, 27 s p50 at 50 creations/s). The price: a value
 * taken by a transaction that then rolls back is skipped. Identifiers need to be unique, not dense; the inserts
 * that use them still skip a value ops added by hand (ON CONFLICT DO NOTHING, then the next one).
 *
 * The connection is a client of its own, outside the pool. It used to be taken from the pool on first use (and
 * again after a database restart), by callers that each hold a pooled connection in their transaction: ten
 * creations at once (the pool's size) held all ten and waited for an eleventh for ever — the subscriptions service
 * hung at the first burst of `POST /subscriptions` (the gateway benchmark at 500 req/s, 2026-12-06).
 */
@Injectable()
export class Counters implements OnModuleDestroy {
  private client?: pg.Client;
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
    if (!this.client) {
      const options = this.dataSource.options as { url?: string; extra?: { application_name?: string } };
      const client = new pg.Client({
        connectionString: options.url,
        application_name: `${options.extra?.application_name ?? 'simline'}-counters`,
      });
      // A connection lost between calls: the next call opens another.
      client.on('error', () => {
        if (this.client === client) this.client = undefined;
      });
      await client.connect();
      this.client = client;
    }
    const client = this.client;
    try {
      const { rows } = await client.query<{ value: string }>(
        `INSERT INTO counters (name, value) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET value = counters.value + EXCLUDED.value RETURNING value`,
        [name, count],
      );
      return Number(rows[0]!.value) - count + 1;
    } catch (err) {
      // A broken connection (a database restart): the next call takes a fresh one.
      if (this.client === client) this.client = undefined;
      await client.end().catch(() => undefined);
      throw err;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.tail;
    await this.client?.end().catch(() => undefined);
  }
}
