/**
 * `periodEnd(activated_at, validity, n)` of `@simline/contracts` as a SQL expression over a subscriptions row
 * (alias `s`), for set-based renewals: months and years keep the anchor's day and clamp at month end (Postgres'
 * `timestamp + interval 'n months'` does exactly that), days and weeks are 24-hour days, everything in UTC. The
 * renewal job checks every row it writes against the TypeScript rules, and an integration test compares the two
 * over month ends and leap years.
 */
export function periodEndSql(n: string): string {
  const steps = `s.validity_value * (${n})`;
  return `((s.activated_at AT TIME ZONE 'UTC') + CASE s.validity_unit
      WHEN 'day' THEN make_interval(days => ${steps})
      WHEN 'week' THEN make_interval(days => 7 * ${steps})
      WHEN 'month' THEN make_interval(months => ${steps})
      WHEN 'year' THEN make_interval(months => 12 * ${steps})
    END) AT TIME ZONE 'UTC'`;
}
