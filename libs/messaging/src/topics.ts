import type { Admin, ITopicConfig } from 'kafkajs';
import { EVENT_CATALOGUE, EVENT_TYPES, topicFor, type TopicLoad } from '@simline/contracts';

export interface PartitionPlan {
  high: number;
  normal: number;
}

/** Partition counts: from KAFKA_PARTITIONS_HIGH / KAFKA_PARTITIONS (defaults 6 and 3 on one dev broker). */
export function partitionPlanFromEnv(env: NodeJS.ProcessEnv = process.env): PartitionPlan {
  return { high: Number(env.KAFKA_PARTITIONS_HIGH ?? 6), normal: Number(env.KAFKA_PARTITIONS ?? 3) };
}

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(admin: Admin, topics: ITopicConfig[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length) {
    const replication = Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1);
    try {
      await admin.createTopics({ topics: missing.map((t) => ({ replicationFactor: replication, ...t })), waitForLeaders: true });
    } catch (err) {
      // Another process created some of them at the same time, or a busy broker answered the leader wait with
      // "does not host this topic-partition" while the creation was still spreading: fine, as long as they
      // exist within a bounded wait.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const now = new Set(await admin.listTopics());
        if (missing.every((t) => now.has(t.topic))) break;
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
  return missing.map((t) => t.topic);
}

/** Every topic of the event catalogue, with explicit partition counts by load. */
export function catalogueTopics(plan: PartitionPlan = partitionPlanFromEnv()): ITopicConfig[] {
  const count = (load: TopicLoad) => (load === 'high' ? plan.high : plan.normal);
  return EVENT_TYPES.map((type) => ({
    topic: topicFor(type),
    numPartitions: count(EVENT_CATALOGUE[type].load),
    configEntries: [{ name: 'retention.ms', value: String(Number(process.env.KAFKA_RETENTION_MS ?? 7 * 24 * 3600 * 1000)) }],
  }));
}

export async function provisionCatalogueTopics(admin: Admin, plan?: PartitionPlan): Promise<string[]> {
  return ensureTopics(admin, catalogueTopics(plan));
}
