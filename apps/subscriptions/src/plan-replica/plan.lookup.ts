import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PlanSchema, type Plan } from '@simline/contracts';
import { readFromOwner } from '../common/read-through.js';

/** A plan from the replica, or on a miss from the plans service (stored with sequence 0, so that every event wins). */
@Injectable()
export class PlanLookup {
  constructor(private readonly dataSource: DataSource) {}

  async find(project: string, id: string): Promise<Plan | null> {
    const rows: Array<{ data: Plan }> = await this.dataSource.query(
      'SELECT data FROM plan_replicas WHERE project = $1 AND id = $2',
      [project, id],
    );
    if (rows[0]) return rows[0].data;
    const parsed = PlanSchema.safeParse(
      await readFromOwner(
        'plans',
        `/projects/${encodeURIComponent(project)}/plans/${encodeURIComponent(id)}`,
      ),
    );
    if (!parsed.success || parsed.data.id !== id) return null;
    await this.dataSource.query(
      `INSERT INTO plan_replicas (id, project, status, sequence, data, updated_at) VALUES ($1, $2, $3, 0, $4, now()) ON CONFLICT (id) DO NOTHING`,
      [id, project, parsed.data.status, JSON.stringify(parsed.data)],
    );
    return parsed.data;
  }
}
