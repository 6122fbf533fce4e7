import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { Redis } from 'ioredis';
import { newId, redisPrefixFor } from '@simline/contracts';
import { createLogger } from '@simline/observability';
import { REDIS } from '@simline/platform';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { ProjectsService } from '../projects/projects.service.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeyErrorCode, ApiKeyException } from './api-key.exception.js';
import { toApiKey, type ApiKeyView } from './api-key.mapper.js';
import { hashSecret, newSecret } from './api-key.util.js';
import { KeyCache, type ResolvedKey } from './key-cache.js';

/** API keys: created (secret shown once), listed, revoked at once everywhere, and resolved per request. */
@Injectable()
export class ApiKeysService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = createLogger('api-keys');
  private readonly channel = `${redisPrefixFor()}:gateway:keys:revoked`;
  private cache!: KeyCache;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.cache = new KeyCache(this.redis.duplicate(), this.channel, this.config.KEY_CACHE_TTL_MS);
    await this.cache.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cache?.stop();
  }

  async create(project: string, name?: string): Promise<{ key: ApiKeyView; secret: string }> {
    await this.projects.get(project);
    const secret = newSecret();
    const entity = this.dataSource.getRepository(ApiKeyEntity).create({
      id: newId('apiKey'),
      project,
      name: name ?? null,
      hash: hashSecret(secret),
      last4: secret.slice(-4),
      createdAt: new Date(),
      revokedAt: null,
    });
    await this.dataSource.getRepository(ApiKeyEntity).insert(entity);
    this.log.info({ project, key: entity.id }, 'API key created');
    return { key: toApiKey(entity), secret };
  }

  async list(project?: string): Promise<ApiKeyView[]> {
    const rows = await this.dataSource
      .getRepository(ApiKeyEntity)
      .find({ where: project ? { project } : {}, order: { id: 'ASC' } });
    return rows.map(toApiKey);
  }

  /** Revokes a key; every gateway instance stops accepting it before this returns. */
  async revoke(id: string): Promise<ApiKeyView> {
    const repo = this.dataSource.getRepository(ApiKeyEntity);
    const entity = await repo.findOneBy({ id });
    if (!entity) throw new ApiKeyException(ApiKeyErrorCode.NotFound);
    if (!entity.revokedAt) {
      await repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    }
    this.cache.evictLocal(entity.hash);
    await this.redis.publish(this.channel, entity.hash);
    this.log.info({ project: entity.project, key: id }, 'API key revoked');
    return toApiKey((await repo.findOneBy({ id }))!);
  }

  /** The key and project of a secret, or null when it is unknown or revoked. Cached in steady state. */
  async resolve(secret: string): Promise<ResolvedKey | null> {
    const hash = hashSecret(secret);
    const hit = this.cache.get(hash);
    if (hit) return hit;
    const generation = this.cache.snapshot();
    const rows: Array<{ id: string; project: string }> = await this.dataSource.query(
      'SELECT id, project FROM api_keys WHERE hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    const key = { keyId: row.id, project: row.project };
    this.cache.set(hash, key, generation);
    return key;
  }
}
