import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { topicFor } from '@simline/contracts';
import { createKafka, ensureTopics } from '@simline/messaging';

// kafkajs 2.2.4 re-arms a 1 ms timer per broker connection for ever (tulios/kafkajs#1556): libs/messaging replaces
// that schedule. An idle consumer must not spin, and a consumer must still receive what is produced after it idled.
describe('an idle kafkajs client', () => {
  it('does not check its request queue in a loop, and still consumes', async () => {
    const require = createRequire(import.meta.url);
    const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: { checkPendingRequests(): void } };
    const original = RequestQueue.prototype.checkPendingRequests;
    let checks = 0;
    RequestQueue.prototype.checkPendingRequests = function (this: unknown) {
      checks++;
      return original.call(this);
    };
    const kafka = createKafka('idle-test');
    const admin = kafka.admin();
    await admin.connect();
    const topic = topicFor('plan.created');
    await ensureTopics(admin, [{ topic, numPartitions: 1 }]);
    const consumer = kafka.consumer({ groupId: `${topic}.idle-test`, maxWaitTimeInMs: 1000 });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: false });
      const received: string[] = [];
      let joined!: () => void;
      const isJoined = new Promise<void>((r) => (joined = r));
      consumer.on(consumer.events.GROUP_JOIN, () => joined());
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.key)) });
      await isJoined;
      // Idle for 2 s (the clock a partner would not see: this is the idle process itself under test).
      const before = checks;
      await new Promise((r) => setTimeout(r, 2000));
      const idleChecks = checks - before;
      // A handful per long-poll fetch (one a second per connection) and heartbeat; the loop made ~1,000 a second.
      expect(idleChecks).toBeLessThan(60);
      await producer.send({ topic, acks: -1, messages: [{ key: 'after-idle', value: '{}' }] });
      const deadline = Date.now() + 20_000;
      while (!received.includes('after-idle') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(received).toContain('after-idle');
    } finally {
      RequestQueue.prototype.checkPendingRequests = original;
      await consumer.disconnect();
      await producer.disconnect();
      await admin.disconnect();
    }
  }, 60_000);
});
