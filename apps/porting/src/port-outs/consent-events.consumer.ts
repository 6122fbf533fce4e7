import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { AnyEventEnvelope, ConsentRequest } from '@simline/contracts';
import { EventContext, OnEvents } from '@simline/messaging';
import { PortOutsService } from './port-outs.service.js';
import { isPortOutConsent, type ConsentEventType } from './port-out.rules.js';

export const CONSENT_EVENT_TYPES = [
  'consentRequest.created',
  'consentRequest.approved',
  'consentRequest.fulfilled',
  'consentRequest.canceled',
  'consentRequest.expired',
] as const satisfies readonly ConsentEventType[];

/**
 * Moves port-outs on as the user's consent to port-out credentials is given, followed up, canceled or lost.
 * Each event first updates the consent replica; an event older than what the replica holds changes nothing.
 */
@Controller()
export class ConsentEventsConsumer {
  constructor(private readonly portOuts: PortOutsService) {}

  @OnEvents({ group: 'consent', types: CONSENT_EVENT_TYPES })
  async handle(@Payload() event: AnyEventEnvelope, @Ctx() { em }: EventContext): Promise<void> {
    const consent = event.data as ConsentRequest;
    if (!isPortOutConsent(consent)) return;
    const newest: unknown[] = await em.query(
      `INSERT INTO consent_replicas (id, project, subscription_id, status, sequence, updated_at, replaced_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, sequence = EXCLUDED.sequence, updated_at = EXCLUDED.updated_at,
         replaced_by = EXCLUDED.replaced_by
       WHERE consent_replicas.sequence < EXCLUDED.sequence
       RETURNING id`,
      [consent.id, event.project, consent.subscription, consent.status, event.sequence, event.time, consent.replacedBy ?? null],
    );
    if (!newest.length) return;
    await this.portOuts.onConsent(em, event.project, event.type as ConsentEventType, consent, event.sequence);
  }
}
