/** What a read of the event log selects; every field narrows it. */
export interface EventFilter {
  project?: string;
  types?: readonly string[];
  /** Events of exactly this resource. */
  subject?: string;
  subjects?: readonly string[];
  /** Events of this resource or naming it in their data (its invoices, payments, portings…). */
  related?: string;
  /** Event time (the envelope's `time`, simulated on a test clock): from inclusive, to exclusive. */
  timeFrom?: Date;
  timeTo?: Date;
  /** Publish time (the Kafka message timestamp): from inclusive, to exclusive. */
  publishedFrom?: Date;
  publishedTo?: Date;
}

/** The WHERE clause of a filter, with its parameters numbered from `offset + 1`. */
export function whereOf(f: EventFilter, offset = 0): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${offset + params.length}`;
  };
  if (f.project !== undefined) parts.push(`project = ${p(f.project)}`);
  if (f.types) parts.push(`type = ANY(${p(f.types)}::varchar[])`);
  if (f.subject !== undefined) parts.push(`subject = ${p(f.subject)}`);
  if (f.subjects) parts.push(`subject = ANY(${p(f.subjects)}::varchar[])`);
  if (f.related !== undefined) {
    const r = p(f.related);
    parts.push(`(subject = ${r} OR refs @> ARRAY[${r}]::varchar(40)[])`);
  }
  if (f.timeFrom) parts.push(`time >= ${p(f.timeFrom.toISOString())}`);
  if (f.timeTo) parts.push(`time < ${p(f.timeTo.toISOString())}`);
  if (f.publishedFrom) parts.push(`published_at >= ${p(f.publishedFrom.toISOString())}`);
  if (f.publishedTo) parts.push(`published_at < ${p(f.publishedTo.toISOString())}`);
  return { sql: parts.length ? parts.join(' AND ') : 'TRUE', params };
}
