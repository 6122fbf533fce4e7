import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Subscription, User } from '@simline/contracts';

export interface SubscriptionView {
  subscription: Subscription;
  /** The freshest user we know: from `user.*` if newer news came that way, else the subscription's own copy. */
  user: User;
}

/** Reads the replicas that the consumers keep. */
@Injectable()
export class ReplicasService {
  constructor(private readonly dataSource: DataSource) {}

  async subscription(project: string, id: string, em: EntityManager | DataSource = this.dataSource): Promise<SubscriptionView | null> {
    const rows: Array<{ data: Subscription; user: User | null }> = await em.query(
      `SELECT s.data, u.data AS user FROM subscription_replicas s
       LEFT JOIN user_replicas u ON u.id = s.user_id AND NOT u.deleted
       WHERE s.project = $1 AND s.id = $2`,
      [project, id],
    );
    const row = rows[0];
    if (!row) return null;
    return { subscription: row.data, user: row.user ?? row.data.user };
  }
}
