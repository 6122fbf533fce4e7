import type { EntityManager } from 'typeorm';
import type { NetworkDataState } from '@simline/contracts';

export interface NetworkDataChange {
  subscription: string;
  project: string;
  state: NetworkDataState;
  bandwidthBitsPerSecond: number | null;
  period: number;
  at: Date;
}

/**
 * The mobile network's data controls (throttle, stop, restore), behind a port like the donor carriers: the
 * simulated network keeps its state in usage's database, in the transaction of the decision.
 */
export abstract class NetworkControl {
  abstract states(
    em: EntityManager,
    subscriptions: readonly string[],
  ): Promise<Map<string, NetworkDataState>>;
  abstract apply(em: EntityManager, changes: readonly NetworkDataChange[]): Promise<void>;
}
