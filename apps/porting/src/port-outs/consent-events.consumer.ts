import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AnyEventEnvelope } from '@simline/contracts';
import { Runtime } from '@simline/platform';
import { PortOutsService } from './port-outs.service.js';
import { isPortOutConsent, type ConsentEventType, type ConsentRequest } from './port-out.rules.js';

export const CONSENT_EVENT_TYPES = [
  'consentRequest.created',
  'consentRequest.approved',
  'consentRequest.fulfilled',
  'consentRequest.canceled',
  'consentRequest.expired',
] as const satisfies readonly ConsentEventType[];

/** Moves port-outs on as the user's consent to port-out credentials is given, followed up, canceled or lost. */
@Injectable()
export class ConsentEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: Runtime,
    private readonly portOuts: PortOutsService,
  ) {}

  onModuleInit(): void {
    this.runtime.consume({
      name: 'consent',
      types: CONSENT_EVENT_TYPES,
      handle: async (event: AnyEventEnvelope, em) => {
        const consent = event.data as ConsentRequest;
        if (!isPortOutConsent(consent)) return;
        await this.portOuts.onConsent(em, event.project, event.type as ConsentEventType, consent, event.sequence);
      },
    });
  }
}
