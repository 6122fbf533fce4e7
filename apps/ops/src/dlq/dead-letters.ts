import { currentNamespace, redisPrefixFor, replayTopicForGroup } from '@simline/contracts';
import {
  deadLetterQueues,
  deadLetterTopicOfGroup,
  readDeadLetters,
  redriveDeadLetters,
  type DeadLetter,
  type DeadLetterQueue,
  type Kafka,
} from '@simline/messaging';
import type { Redis } from '@simline/scheduling';
import { OpsError, Progress, type Output } from '../lib/output.js';

/** Letters written per step of a redrive (the progress bar moves per step). */
const REDRIVE_BATCH = 500;

export interface QueueSummary extends DeadLetterQueue {
  redriven: number;
}

export interface LetterView extends DeadLetter {
  redrivenAt: string | null;
}

/** A consumer group as the operator types it (`billing.subscriptions`), as Kafka knows it (namespaced in tests). */
export function fullGroup(group: string, ns = currentNamespace()): string {
  return ns && !group.startsWith(ns + '.') ? `${ns}.${group}` : group;
}

/**
 * Dead letters by consumer group: listing, reading, and redriving to that group alone (its replay topic). Kafka keeps the
 * letters (they are never deleted by a redrive); which ones were redriven, and when, is kept in Redis.
 */
export class DeadLetterDesk {
  constructor(
    private readonly kafka: Kafka,
    private readonly redis: Redis,
    private readonly o?: Output,
  ) {}

  private marksKey(topic: string): string {
    return `${redisPrefixFor()}:ops:dlq-redriven:${topic}`;
  }

  async queues(): Promise<QueueSummary[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const qs = await deadLetterQueues(admin);
      return Promise.all(
        qs.map(async (q) => ({ ...q, redriven: await this.redis.hlen(this.marksKey(q.topic)) })),
      );
    } finally {
      await admin.disconnect();
    }
  }

  async letters(group: string, opts: { from?: string; limit?: number } = {}): Promise<LetterView[]> {
    const topic = await this.topicOf(group);
    const letters = await readDeadLetters(this.kafka, topic, opts);
    const marks = letters.length ? await this.redis.hgetall(this.marksKey(topic)) : {};
    return letters.map((l) => ({ ...l, redrivenAt: marks[l.offset] ?? null }));
  }

  async letter(group: string, offset: string): Promise<LetterView> {
    const [l] = await this.letters(group, { from: offset, limit: 1 });
    if (!l || l.offset !== offset)
      throw new OpsError(
        `No dead letter at offset ${offset} of ${deadLetterTopicOfGroup(fullGroup(group))} (Kafka may no longer hold it).`,
      );
    return l;
  }

  /** Redrives the given letters (or every one not redriven yet with `all`); returns what was sent. */
  async redrive(
    group: string,
    sel: { offsets?: string[]; all?: boolean; again?: boolean },
  ): Promise<LetterView[]> {
    const letters = await this.letters(group);
    const chosen = sel.all
      ? letters.filter((l) => sel.again || !l.redrivenAt)
      : letters.filter((l) => sel.offsets?.includes(l.offset));
    if (sel.offsets) {
      const missing = sel.offsets.filter((o) => !letters.some((l) => l.offset === o));
      if (missing.length)
        throw new OpsError(
          `No dead letter at offset ${missing.join(', ')} of ${deadLetterTopicOfGroup(fullGroup(group))}.`,
        );
    }
    if (!chosen.length) return [];
    const replayTopic = await this.replayTopicOf(group);
    const topic = chosen[0]!.topic;
    const progress = this.o ? new Progress(this.o, 'redriving', chosen.length) : undefined;
    const out: LetterView[] = [];
    try {
      // Each step is marked as soon as it is sent: a redrive stopped half-way leaves the rest to `--all`.
      for (let i = 0; i < chosen.length; i += REDRIVE_BATCH) {
        const step = chosen.slice(i, i + REDRIVE_BATCH);
        await redriveDeadLetters(this.kafka, step, replayTopic);
        const now = new Date().toISOString();
        await this.redis.hset(this.marksKey(topic), Object.fromEntries(step.map((l) => [l.offset, now])));
        out.push(...step.map((l) => ({ ...l, redrivenAt: now })));
        progress?.increment(step.length);
      }
    } finally {
      progress?.stop();
    }
    return out;
  }

  /** The group's replay topic, which only it reads (created with its dead-letter topic when it starts). */
  private async replayTopicOf(group: string): Promise<string> {
    const topic = replayTopicForGroup(fullGroup(group));
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic))
        throw new OpsError(`The consumer group ${group} has no replay topic (${topic}) to redrive to.`);
    } finally {
      await admin.disconnect();
    }
    return topic;
  }

  private async topicOf(group: string): Promise<string> {
    const topic = deadLetterTopicOfGroup(fullGroup(group));
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic))
        throw new OpsError(`The consumer group ${group} has no dead-letter topic (${topic}).`);
    } finally {
      await admin.disconnect();
    }
    return topic;
  }
}
