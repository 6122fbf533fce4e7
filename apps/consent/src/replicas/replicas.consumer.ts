import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { eventTypesMatching, type AnyEventEnvelope, type Subscription, type User } from '@simline/contracts';
import { EventContext, newestPerSubject, OnEvents } from '@simline/messaging';
import { upsertSnapshots } from '@simline/persistence';
import { snapshotsOf } from '@simline/platform';
import { ConsentRequestsService } from '../consent-requests/consent-requests.service.js';

/**
 * The subscription and user replicas: every `subscription.*` / `user.*` event carries the whole resource, and
 * the highest `sequence` wins, so out-of-order delivery across topics is harmless. A subscription that ended
 * takes its open consent requests with it (their links die).
 */
@Controller()
export class ReplicasConsumer {
  constructor(private readonly consentRequests: ConsentRequestsService) {}

  @OnEvents({ group: 'subscription-replica', types: eventTypesMatching('subscription.*'), batch: 500 })
  async applySubscriptions(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await this.consentRequests.storeSubscriptions(
      em,
      snapshotsOf<Subscription>(events),
    );
  }

  @OnEvents({ group: 'user-replica', types: eventTypesMatching('user.*'), batch: 500 })
  async applyUsers(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
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
