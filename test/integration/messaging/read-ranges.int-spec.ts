import { describe, expect, it } from '@jest/globals';
import { topicFor } from '@simline/contracts';
import { createKafka, ensureTopics, planAll, readRanges } from '@simline/messaging';

// A range larger than one fetch (4 MB per partition) must be read exactly once: each record once, then done.
describe('readRanges', () => {
  it('reads a multi-fetch range once, in offset order, and finishes', async () => {
    const kafka = createKafka('ranges-test');
    const admin = kafka.admin();
    await admin.connect();
    const topic = topicFor('plan.updated');
    try {
      await ensureTopics(admin, [{ topic, numPartitions: 1 }]);
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      const value = 'x'.repeat(3000);
      for (let i = 0; i < 3000; i += 250)
        await producer.send({
          topic,
          acks: -1,
          messages: Array.from({ length: 250 }, (_, k) => ({ key: `k${i + k}`, value })),
        });
      await producer.disconnect();
      const plan = await planAll(admin, [topic]);
      const keys: string[] = [];
      const total = await readRanges(
        kafka,
        plan.ranges,
        (records) => {
          for (const r of records) keys.push(r.key!);
        },
        { timeoutMs: 60_000 },
      );
      expect(total).toBe(3000);
      expect(keys).toEqual(Array.from({ length: 3000 }, (_, i) => `k${i}`));
    } finally {
      await admin.disconnect();
    }
  }, 90_000);
});
