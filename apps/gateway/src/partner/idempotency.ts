import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A response as stored for replay. */
export interface CapturedResponse {
  status: number;
  contentType?: string;
  body: Buffer;
}

interface PendingRecord {
  state: 'pending';
  fingerprint: string;
}
interface DoneRecord {
  state: 'done';
  fingerprint: string;
  status: number;
  contentType?: string;
  /** base64 */
  body: string;
}
type StoredRecord = PendingRecord | DoneRecord;

export type BeginResult =
  | { kind: 'execute' }
  | { kind: 'replay'; response: CapturedResponse }
  | { kind: 'mismatch' }
  | { kind: 'inProgress' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sorted keys, so `{"a":1,"b":2}` and `{ "b": 2, "a": 1 }` are the same request. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** What makes two requests "the same": method, path with query, and the body (canonical JSON when it is JSON). */
export function requestFingerprint(method: string, url: string, body: Buffer | undefined): string {
  const h = createHash('sha256').update(method.toUpperCase()).update('\n').update(url).update('\n');
  if (body?.length) {
    let text: string;
    try {
      text = JSON.stringify(canonical(JSON.parse(body.toString('utf8'))));
    } catch {
      text = body.toString('base64');
    }
    h.update(text);
  }
  return h.digest('hex');
}

/**
 * Idempotency-Key records in Redis, per project: the first request takes the key (SET NX, a short lease
 * while it runs); its response, if below 500, is kept for the TTL and replayed for the same request. A
 * concurrent request with the same key waits for the first to finish and then replays its response, so two
 * concurrent requests execute once (docs/decisions/0301).
 */
export class IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    private readonly waitMs: number,
    private readonly leaseMs: number,
  ) {}

  private key(project: string, idempotencyKey: string): string {
    return `${this.prefix}:gw:idem:${project}:${createHash('sha256').update(idempotencyKey).digest('hex')}`;
  }

  async begin(project: string, idempotencyKey: string, fingerprint: string): Promise<BeginResult> {
    const key = this.key(project, idempotencyKey);
    const pending: PendingRecord = { state: 'pending', fingerprint };
    const deadline = Date.now() + this.waitMs;
    let delay = 10;
    for (;;) {
      const taken = await this.redis.set(key, JSON.stringify(pending), 'PX', this.leaseMs, 'NX');
      if (taken === 'OK') return { kind: 'execute' };
      const raw = await this.redis.get(key);
      if (raw) {
        const rec = JSON.parse(raw) as StoredRecord;
        if (rec.fingerprint !== fingerprint) return { kind: 'mismatch' };
        if (rec.state === 'done') {
          return {
            kind: 'replay',
            response: {
              status: rec.status,
              contentType: rec.contentType,
              body: Buffer.from(rec.body, 'base64'),
            },
          };
        }
        if (Date.now() >= deadline) return { kind: 'inProgress' };
        await sleep(delay);
        delay = Math.min(delay * 2, 100);
      }
      // The record vanished (the first request failed with a 5xx or its lease ran out): try to take it.
    }
  }

  /** Keeps a response below 500 for replay; a 5xx (or no response) frees the key for a retry. */
  async finish(
    project: string,
    idempotencyKey: string,
    fingerprint: string,
    response: CapturedResponse | null,
  ): Promise<void> {
    const key = this.key(project, idempotencyKey);
    if (!response || response.status >= 500) {
      await this.redis.del(key);
      return;
    }
    const rec: DoneRecord = {
      state: 'done',
      fingerprint,
      status: response.status,
      ...(response.contentType ? { contentType: response.contentType } : {}),
      body: response.body.toString('base64'),
    };
    await this.redis.set(key, JSON.stringify(rec), 'EX', this.ttlSeconds);
  }
}
