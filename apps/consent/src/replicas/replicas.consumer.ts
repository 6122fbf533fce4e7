import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { eventTypesMatching, type AnyEventEnvelope, type Subscription, type User } from '@simline/contracts';
import { newestPerSubject } from '@simline/messaging';
import { upsertSnapshots } from '@simline/persistence';
import { Runtime, snapshotsOf } from '@simline/platform';
import { ConsentRequestsService } from '../consent-requests/consent-requests.service.js';

/**
 * The subscription and user replicas: every `subscription.*` / `user.*` event carries the whole resource, and
 * the highest `sequence` wins, so out-of-order delivery across topics is harmless. A subscription that ended
 * takes its open consent requests with it (their links die).
 */
@Injectable()
export class ReplicasConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: Runtime,
    private readonly consentRequests: ConsentRequestsService,
  ) {}

  onModuleInit(): void {
    this.runtime.consume({
      name: 'subscription-replica',
      types: eventTypesMatching('subscription.*'),
      handleBatch: (events, em) => this.applySubscriptions(events, em),
    });
    this.runtime.consume({
      name: 'user-replica',
      types: eventTypesMatching('user.*'),
      handleBatch: (events, em) => this.applyUsers(events, em),
    });
  }

  async applySubscriptions(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    await this.consentRequests.storeSubscriptions(
      em,
      snapshotsOf<Subscription>(events),
    );
  }

  async applyUsers(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    await upsertSnapshots(
      em,
      'user_replicas',
      newestPerSubject(events).map((e) => ({
        id: e.subject,
        project: e.project,
        sequence: e.sequence,
        deleted: e.type === 'user.deleted',
        data: e.data as User,
        updated_at: e.time,
      })),
    );
  }
}
