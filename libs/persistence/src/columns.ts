import { Column, type ColumnOptions } from 'typeorm';

/** Every time is `timestamptz`; the API renders it as ISO-8601 UTC. */
export const TimestampColumn = (opts: ColumnOptions = {}) => Column({ type: 'timestamptz', ...opts });

/** Prefixed, time-sortable ids (C collation comes from the database). */
export const IdColumnType = { type: 'varchar', length: 40 } as const;

/** Money in integer minor units. bigint comes back from pg as a string, so we map it to number explicitly. */
export const MoneyColumn = (opts: ColumnOptions = {}) =>
  Column({ type: 'bigint', transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) }, ...opts });

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
