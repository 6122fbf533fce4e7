import type { Redis } from 'ioredis';
import { createLogger } from '@simline/observability';

export interface ResolvedKey {
  keyId: string;
  project: string;
}

interface Entry extends ResolvedKey {
  until: number;
}

/**
 * Resolved API keys (secret hash → key and project), so the steady-state request costs no database round
 * trip. A revocation is published on Redis and every gateway instance evicts the key at once. While the
 * subscription is down (Redis restart) nothing is served from the cache, since evictions could be missed;
 * unknown and revoked keys are never cached.
 */
export class KeyCache {
  private readonly log = createLogger('key-cache');
  private readonly entries = new Map<string, Entry>();
  private healthy = false;
  /** Bumped by every eviction; a lookup that started before one does not fill the cache. */
  private generation = 0;

  constructor(
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, hash: string) => {
      if (channel !== this.channel) return;
      this.generation++;
      this.entries.delete(hash);
    });
    // Until the (re-)subscription is confirmed, evictions may be missed: drop everything and bypass.
    this.subscriber.on('close', () => this.invalidateAll(false));
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(this.channel).then(
        () => this.invalidateAll(true),
        (err: unknown) => this.log.warn({ err }, 'key revocation channel: subscribe failed'),
      );
    });
    await this.subscriber.subscribe(this.channel);
    this.healthy = true;
  }

  private invalidateAll(healthy: boolean): void {
    this.generation++;
    this.entries.clear();
    this.healthy = healthy;
  }

  get(hash: string): ResolvedKey | undefined {
    if (!this.healthy) return undefined;
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (e.until < Date.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return e;
  }

  /** The generation to pass to `set` after the database lookup. */
  snapshot(): number {
    return this.generation;
  }

  set(hash: string, key: ResolvedKey, generation: number): void {
    if (!this.healthy || generation !== this.generation || this.ttlMs === 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(hash, { ...key, until: Date.now() + this.ttlMs });
  }

  evictLocal(hash: string): void {
    this.generation++;
    this.entries.delete(hash);
  }

  async stop(): Promise<void> {
    this.subscriber.disconnect();
  }
}
