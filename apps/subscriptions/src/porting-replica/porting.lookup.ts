import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PortingSchema, type AnyEventEnvelope, type Porting } from '@simline/contracts';
import { newestPerSubject } from '@simline/messaging';
import { upsertSnapshots } from '@simline/persistence';
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
    await upsertSnapshots(
      em,
      'porting_replicas',
      newestPerSubject(events).map((e) => ({
        id: e.subject,
        project: e.project,
        status: (e.data as Porting).status,
        sequence: e.sequence,
        data: e.data,
        updated_at: e.time,
      })),
    );
  }
}
