import type { EventEnvelope, Subscription } from '@simline/contracts';
import { buildEvent } from '@simline/messaging';

export type SubscriptionEventType =
  | 'subscription.created'
  | 'subscription.activated'
  | 'subscription.updated'
  | 'subscription.cutoffReached'
  | 'subscription.renewed'
  | 'subscription.canceled'
  | 'subscription.resumed'
  | 'subscription.ended'
  | 'subscription.planChangeScheduled'
  | 'subscription.planChangeCanceled'
  | 'subscription.planChanged';

/** A subscription event: the whole resource, and the subscription's version as `sequence`. */
export function subscriptionEvent(
  type: SubscriptionEventType,
  project: string,
  sequence: number,
  data: Subscription,
  time: Date,
  previousData?: Record<string, unknown>,
): EventEnvelope<SubscriptionEventType> {
  return buildEvent({ type, project, sequence, data, time, ...(previousData ? { previousData } : {}) });
}
