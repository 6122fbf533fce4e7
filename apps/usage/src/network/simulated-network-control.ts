import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NetworkDataState } from '@simline/contracts';
import { NetworkControl, type NetworkDataChange } from './network-control.port.js';

/** The simulated network: its per-subscription data state is a row of `network_states`. */
@Injectable()
export class SimulatedNetworkControl extends NetworkControl {
  async states(em: EntityManager, subscriptions: readonly string[]): Promise<Map<string, NetworkDataState>> {
    if (!subscriptions.length) return new Map();
    const rows: Array<{ subscription_id: string; state: NetworkDataState }> = await em.query(
      'SELECT subscription_id, state FROM network_states WHERE subscription_id = ANY($1)',
      [[...subscriptions]],
    );
    return new Map(rows.map((r) => [r.subscription_id, r.state]));
  }

  async apply(em: EntityManager, changes: readonly NetworkDataChange[]): Promise<void> {
    if (!changes.length) return;
    await em.query(
      `INSERT INTO network_states (subscription_id, project, state, bandwidth_bits_per_second, period_number, updated_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::int[], $5::int[], $6::timestamptz[])
       ON CONFLICT (subscription_id) DO UPDATE SET state = EXCLUDED.state, bandwidth_bits_per_second = EXCLUDED.bandwidth_bits_per_second,
         period_number = EXCLUDED.period_number, updated_at = EXCLUDED.updated_at`,
      [
        changes.map((c) => c.subscription),
        changes.map((c) => c.project),
        changes.map((c) => c.state),
        changes.map((c) => c.bandwidthBitsPerSecond),
        changes.map((c) => c.period),
        changes.map((c) => c.at.toISOString()),
      ],
    );
  }
}
