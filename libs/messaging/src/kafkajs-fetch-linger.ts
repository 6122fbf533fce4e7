import { createRequire } from 'node:module';

/**
 * A consumer that lingers while busy (docs/decisions/0013). kafkajs fetches with one `maxWaitTime` and one
 * `minBytes` for the consumer's life: with a long poll (5 s, 1 byte) an idle consumer costs nothing, but under a
 * steady flow every fetch comes back with the one record that arrived, so each record is a fetch, a batch, a
 * transaction and an offset commit of its own. A group registered here fetches as configured while idle, and
 * after a fetch that brought records asks the broker to wait up to `ms` for `bytes` more: under load the records
 * of that window come in one fetch; when the flow stops, the lingering fetch comes back empty and the consumer
 * returns to its long poll. The first record after a quiet spell is never delayed.
 */
export interface FetchLinger {
  /** How long a fetch after a non-empty one may wait for more (the broker's `maxWaitTime`). */
  ms: number;
  /** How much it waits for (`minBytes`): reached, the broker answers at once. */
  bytes: number;
}

/** What kafkajs's ConsumerGroup carries that this reads (kafkajs 2.2.4, src/consumer/consumerGroup.js). */
interface ConsumerGroupLike {
  groupId: string;
  maxWaitTime: number;
  minBytes: number;
  fetch(nodeId: string): Promise<Array<{ isEmpty(): boolean }>>;
}

/**
 * The batches with records that one fetch of a registered group brought, by batch: a consumer may handle a fetch's
 * batches of several partitions in one transaction (docs/decisions/0013). kafkajs hands each batch object it fetched
 * to `eachBatch` as it is, so the batch is the key.
 */
const rounds = new WeakMap<object, readonly object[]>();

/** The non-empty batches of the fetch that brought `batch` (itself included), or none when it was not recorded. */
export function fetchRoundOf(batch: object): readonly object[] {
  return rounds.get(batch) ?? [];
}

const BUSY = Symbol('simline.fetchLinger.busy');
const INSTALLED = Symbol('simline.fetchLinger.installed');
type Tracked = ConsumerGroupLike & { [BUSY]?: boolean; [INSTALLED]?: boolean };

const lingers = new Map<string, FetchLinger>();

/** Lingers the fetches of consumer group `groupId` of this process while it is busy; `undefined` stops it. */
export function setFetchLinger(groupId: string, linger: FetchLinger | undefined): void {
  if (linger && linger.ms > 0) lingers.set(groupId, linger);
  else lingers.delete(groupId);
}

/**
 * The group's fetch parameters become getters that read the group's state when kafkajs builds each fetch request
 * (so concurrent fetchers of one group, one per broker, never see another's swap), defaulting to the group's own.
 */
function install(group: Tracked): void {
  const idleWait = group.maxWaitTime;
  const idleBytes = group.minBytes;
  const lingering = () => (group[BUSY] ? lingers.get(group.groupId) : undefined);
  Object.defineProperty(group, 'maxWaitTime', { configurable: true, get: () => lingering()?.ms ?? idleWait });
  Object.defineProperty(group, 'minBytes', {
    configurable: true,
    get: () => lingering()?.bytes ?? idleBytes,
  });
  group[INSTALLED] = true;
}

/**
 * Wraps a ConsumerGroup `fetch`: notes whether each fetch brought records, for the next one's parameters, and which
 * batches came together.
 */
export function lingeringFetch(original: ConsumerGroupLike['fetch']): ConsumerGroupLike['fetch'] {
  return async function fetch(this: Tracked, nodeId: string) {
    if (!lingers.has(this.groupId)) return original.call(this, nodeId);
    if (!this[INSTALLED]) install(this);
    const batches = await original.call(this, nodeId);
    const round = batches.filter((b) => !b.isEmpty());
    this[BUSY] = round.length > 0;
    if (round.length > 1) for (const b of round) rounds.set(b, round);
    return batches;
  };
}

let applied = false;

/** Installs the wrapper on kafkajs's ConsumerGroup (once per process); groups not registered are untouched. */
export function applyKafkajsFetchLinger(): void {
  if (applied) return;
  applied = true;
  const require = createRequire(import.meta.url);
  const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup.js') as { prototype: ConsumerGroupLike };
  ConsumerGroup.prototype.fetch = lingeringFetch(ConsumerGroup.prototype.fetch);
}
