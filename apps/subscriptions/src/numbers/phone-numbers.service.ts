import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Counters } from '../common/counters.js';
import { returnedRows } from '../common/db-errors.js';
import { generatedNumber } from './phone-number.util.js';

/**
 * The number pool of each provider. Allocation takes the lowest available number of the provider's pool (ops
 * add them), or generates the next one deterministically when the pool is empty.
 */
@Injectable()
export class PhoneNumbersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly counters: Counters,
  ) {}

  async allocate(
    em: EntityManager,
    provider: string,
    project: string,
    subscriptionId: string,
    now: Date,
  ): Promise<string> {
    const pooled = returnedRows<{ number: string }>(
      await em.query(
        `UPDATE phone_numbers SET status = 'assigned', project = $2, subscription_id = $3, assigned_at = $4
       WHERE number = (SELECT number FROM phone_numbers WHERE provider = $1 AND status = 'available' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING number`,
        [provider, project, subscriptionId, now],
      ),
    );
    if (pooled[0]) return pooled[0].number;
    for (;;) {
      const number = generatedNumber(await this.counters.next('msisdn'));
      const inserted: Array<{ number: string }> = await em.query(
        `INSERT INTO phone_numbers (number, provider, status, project, subscription_id, assigned_at, created_at)
         VALUES ($1, $2, 'assigned', $3, $4, $5, $5) ON CONFLICT (number) DO NOTHING RETURNING number`,
        [number, provider, project, subscriptionId, now],
      );
      if (inserted[0]) return number; // else ops added this very number: take the next one
    }
  }

  /** Adds numbers to a provider's pool; numbers that exist already are left alone. */
  async add(provider: string, numbers: string[]): Promise<{ added: string[]; existing: string[] }> {
    const rows: Array<{ number: string }> = await this.dataSource.query(
      `INSERT INTO phone_numbers (number, provider, status) SELECT unnest($1::varchar[]), $2, 'available'
       ON CONFLICT (number) DO NOTHING RETURNING number`,
      [numbers, provider],
    );
    const added = new Set(rows.map((r) => r.number));
    return { added: numbers.filter((n) => added.has(n)), existing: numbers.filter((n) => !added.has(n)) };
  }

  async counts(provider?: string): Promise<Array<{ provider: string; available: number; assigned: number }>> {
    return this.dataSource.query(
      `SELECT provider, count(*) FILTER (WHERE status = 'available')::int AS available, count(*) FILTER (WHERE status = 'assigned')::int AS assigned
       FROM phone_numbers WHERE $1::varchar IS NULL OR provider = $1 GROUP BY provider ORDER BY provider`,
      [provider ?? null],
    );
  }
}
