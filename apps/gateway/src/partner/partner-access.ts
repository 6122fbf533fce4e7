import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { redisPrefixFor } from '@simline/contracts';
import { createLogger } from '@simline/observability';
import { REDIS } from '@simline/platform';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { bearerOf } from '../keys/api-key.util.js';
import { ApiKeysService } from '../keys/api-keys.service.js';
import type { ResolvedKey } from '../keys/key-cache.js';
import { GatewayErrorCode, GatewayException } from './gateway.exception.js';
import { IdempotencyStore, requestFingerprint, type CapturedResponse } from './idempotency.js';
import { hasValidEscapes, isUnsafePath } from './paths.js';
import { RateLimiter } from './rate-limiter.js';

/**
 * Who may call `/projects/{project}/…` and how often: the API key, the rate limit and the project check, the same
 * for the proxied paths (PartnerGateway) and the gateway's own partner endpoints (PartnerGuard on Nest
 * controllers), with the Idempotency-Key store both use.
 */
@Injectable()
export class PartnerAccess {
  private readonly log = createLogger('gateway');
  private readonly limiter: RateLimiter;
  readonly idempotency: IdempotencyStore;
  private lastLimiterWarning = 0;

  constructor(
    private readonly keys: ApiKeysService,
    @Inject(REDIS) redis: Redis,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    const prefix = redisPrefixFor();
    this.limiter = new RateLimiter(redis, prefix, config.RATE_LIMIT_REQUESTS, config.RATE_LIMIT_WINDOW_MS);
    this.idempotency = new IdempotencyStore(
      redis,
      prefix,
      config.IDEMPOTENCY_TTL_SECONDS,
      config.IDEMPOTENCY_WAIT_MS,
      config.PROXY_TIMEOUT_MS + 10_000,
    );
  }

  /**
   * Admits a partner request for `project` or throws: a key, within its rate limit, of this very project (another
   * project's path answers exactly as a path that does not exist, docs/decisions/0301), on a path no normalisation
   * can rewrite, with well-formed escapes.
   */
  async admit(req: FastifyRequest, reply: FastifyReply, project: string): Promise<ResolvedKey> {
    const key = await this.authenticate(req, reply);
    await this.rateLimit(key, reply);
    if (key.project !== project || isUnsafePath(req.url))
      throw new GatewayException(GatewayErrorCode.NotFound);
    if (!hasValidEscapes(req.url)) throw new GatewayException(GatewayErrorCode.InvalidUrl);
    return key;
  }

  /**
   * Takes an `Idempotency-Key` for a request, or refuses it (an invalid key, the key of another request, the same
   * request still running): the fingerprint to finish with, and the first answer when this is a repeat.
   */
  async beginIdempotent(
    req: FastifyRequest,
    project: string,
    header: string | string[],
    body: Buffer | undefined,
  ): Promise<{ key: string; fingerprint: string; replay?: CapturedResponse }> {
    if (typeof header !== 'string' || header.length < 1 || header.length > 255)
      throw new GatewayException(GatewayErrorCode.IdempotencyKeyInvalid);
    const fingerprint = requestFingerprint(req.method, req.url, body);
    const begin = await this.idempotency
      .begin(project, header, fingerprint)
      .catch((err: unknown) => this.dependencyDown(err, 'idempotency store'));
    if (begin.kind === 'mismatch') throw new GatewayException(GatewayErrorCode.IdempotencyKeyReused);
    if (begin.kind === 'inProgress') throw new GatewayException(GatewayErrorCode.IdempotentRequestInProgress);
    return { key: header, fingerprint, ...(begin.kind === 'replay' ? { replay: begin.response } : {}) };
  }

  private async authenticate(req: FastifyRequest, reply: FastifyReply): Promise<ResolvedKey> {
    const secret = bearerOf(req.headers.authorization);
    const key = secret
      ? await this.keys.resolve(secret).catch((err: unknown) => this.dependencyDown(err, 'API key lookup'))
      : undefined;
    if (!key) {
      void reply.header('www-authenticate', 'Bearer realm="simline"');
      throw new GatewayException(secret ? GatewayErrorCode.ApiKeyInvalid : GatewayErrorCode.ApiKeyMissing);
    }
    return key;
  }

  private async rateLimit(key: ResolvedKey, reply: FastifyReply): Promise<void> {
    if (!this.limiter.enabled) return;
    let decision;
    try {
      decision = await this.limiter.hit(key.keyId);
    } catch (err) {
      // An abuse guard must not turn a Redis hiccup into an outage: fail open, loudly but not per request.
      if (Date.now() - this.lastLimiterWarning > 10_000) {
        this.lastLimiterWarning = Date.now();
        this.log.warn({ err }, 'rate limiter unavailable; letting requests through');
      }
      return;
    }
    void reply
      .header('ratelimit-limit', decision.limit)
      .header('ratelimit-remaining', decision.remaining)
      .header('ratelimit-reset', decision.resetSeconds);
    if (!decision.allowed) {
      void reply.header('retry-after', decision.resetSeconds);
      throw new GatewayException(GatewayErrorCode.RateLimited);
    }
  }

  /** The database or Redis failed under the gateway itself: a 503 the partner may retry, not a 500. */
  dependencyDown(err: unknown, what: string): never {
    this.log.error({ err }, `${what} failed`);
    throw new GatewayException(
      GatewayErrorCode.ServiceUnavailable,
      'The API is briefly unavailable. Please retry.',
    );
  }
}
