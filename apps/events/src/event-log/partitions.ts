/** A month partition of the event log: rows with `from <= time < to` (UTC months). */
export interface MonthPartition {
  name: string;
  from: Date;
  to: Date;
}

/** The partition that holds `time`: `event_log_y2026m11` for November 2026 (UTC). */
export function partitionFor(time: Date): MonthPartition {
  const y = time.getUTCFullYear();
  const m = time.getUTCMonth();
  return {
    name: `event_log_y${String(y).padStart(4, '0')}m${String(m + 1).padStart(2, '0')}`,
    from: new Date(Date.UTC(y, m, 1)),
    to: new Date(Date.UTC(y, m + 1, 1)),
  };
}

/** The partitions from the month of `from` to the month of `to`, both included. */
export function partitionsBetween(from: Date, to: Date): MonthPartition[] {
  const out: MonthPartition[] = [];
  let p = partitionFor(from);
  while (p.from.getTime() <= to.getTime()) {
    out.push(p);
    p = partitionFor(p.to);
  }
  return out;
}

/** The distinct partitions a batch of event times needs. */
export function partitionsFor(times: readonly Date[]): MonthPartition[] {
  const byName = new Map<string, MonthPartition>();
  for (const t of times) {
    const p = partitionFor(t);
    if (!byName.has(p.name)) byName.set(p.name, p);
  }
  return [...byName.values()];
}
