import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PortingSchema, type AnyEventEnvelope, type Porting } from '@simline/contracts';
import { readFromOwner } from '../common/read-through.js';

/** The port-ins as this service knows them: a replica of `porting.*`, read through to the porting service on a miss. */
@Injectable()
export class PortingLookup {
  constructor(private readonly dataSource: DataSource) {}

  async find(project: string, id: string): Promise<Porting | null> {
    const rows: Array<{ data: Porting }> = await this.dataSource.query(
      'SELECT data FROM porting_replicas WHERE project = $1 AND id = $2',
      [project, id],
    );
    if (rows[0]) return rows[0].data;
    const parsed = PortingSchema.safeParse(
      await readFromOwner(
        'porting',
        `/projects/${encodeURIComponent(project)}/portings/${encodeURIComponent(id)}`,
      ),
    );
    if (!parsed.success || parsed.data.id !== id) return null;
    await this.dataSource.query(
      `INSERT INTO porting_replicas (id, project, status, sequence, data, updated_at) VALUES ($1, $2, $3, 0, $4, now()) ON CONFLICT (id) DO NOTHING`,
      [id, project, parsed.data.status, JSON.stringify(parsed.data)],
    );
    return parsed.data;
  }

  /** Keeps the newest snapshot of each porting in the events (older or equal sequences change nothing). */
  async apply(em: EntityManager, events: AnyEventEnvelope[]): Promise<void> {
    const newest = new Map<string, AnyEventEnvelope>();
    for (const e of events) {
      const seen = newest.get(e.subject);
      if (!seen || seen.sequence < e.sequence) newest.set(e.subject, e);
    }
    const rows = [...newest.values()];
    if (!rows.length) return;
    await em.query(
      `INSERT INTO porting_replicas (id, project, status, sequence, data, updated_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::int[], $5::jsonb[], $6::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET project = EXCLUDED.project, status = EXCLUDED.status, sequence = EXCLUDED.sequence,
         data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
       WHERE porting_replicas.sequence < EXCLUDED.sequence`,
      [
        rows.map((e) => e.subject),
        rows.map((e) => e.project),
        rows.map((e) => (e.data as Porting).status),
        rows.map((e) => e.sequence),
        rows.map((e) => JSON.stringify(e.data)),
        rows.map((e) => e.time),
      ],
    );
  }
}
