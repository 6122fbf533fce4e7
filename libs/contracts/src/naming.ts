/**
 * How Simline names its topics, consumer groups, databases and Redis keys. A namespace (`SIMLINE_NS`)
 * isolates a test run from every other one on the same servers: its own topics, groups, databases and
 * queues. Production and `npm start` run with no namespace.
 */
export const SERVICES = ['gateway', 'plans', 'subscriptions', 'porting', 'billing', 'consent', 'events', 'usage'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function currentNamespace(env: NodeJS.ProcessEnv = process.env): string {
  const ns = env.SIMLINE_NS ?? '';
  if (ns && !/^[a-z][a-z0-9_]{0,30}$/.test(ns)) throw new Error(`SIMLINE_NS "${ns}" must match /^[a-z][a-z0-9_]{0,30}$/`);
  return ns;
}

const withNs = (ns: string, name: string, sep: string) => (ns ? `${ns}${sep}${name}` : name);

/** Topic = event type (prefixed by the namespace in test runs). */
export const topicFor = (type: string, ns = currentNamespace()) => withNs(ns, type, '.');
/** The event type a topic carries, or null when the topic is not one of this namespace's event topics. */
export function typeOfTopic(topic: string, ns = currentNamespace()): string | null {
  if (!ns) return topic;
  return topic.startsWith(ns + '.') ? topic.slice(ns.length + 1) : null;
}
export const consumerGroupFor = (service: string, name: string, ns = currentNamespace()) => withNs(ns, `${service}.${name}`, '.');
/** Dead letters of a consumer group: `dlq.<service>.<name>` (namespaced like every topic). */
export const dlqTopicFor = (service: string, name: string, ns = currentNamespace()) => withNs(ns, `dlq.${service}.${name}`, '.');
/**
 * Replays for one consumer group: `replay.<service>.<name>`. Every EventConsumer also reads its replay topic, so
 * `ops replay --to-group` can make exactly one group see a window of events again (docs/decisions/0702).
 */
export const replayTopicFor = (service: string, name: string, ns = currentNamespace()) => withNs(ns, `replay.${service}.${name}`, '.');
/** The replay topic of a consumer group given by its full id (`<ns>.<service>.<name>` in a test namespace). */
export function replayTopicForGroup(group: string, ns = currentNamespace()): string {
  const rest = ns && group.startsWith(ns + '.') ? group.slice(ns.length + 1) : group;
  return withNs(ns, `replay.${rest}`, '.');
}
export const databaseNameFor = (service: string, ns = currentNamespace()) => (ns ? `simline_${ns}_${service}` : `simline_${service}`);
/** Prefix of every Redis key Simline writes (BullMQ included). */
export const redisPrefixFor = (ns = currentNamespace()) => (ns ? `simline-${ns}` : 'simline');
