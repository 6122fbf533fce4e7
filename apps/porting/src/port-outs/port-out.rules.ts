import type { ConsentRequest, EventType, PortOut } from '@simline/contracts';

export type { ConsentRequest };

export type PortOutStatus = PortOut['status'];
export type ConsentEventType = Extract<EventType, `consentRequest.${string}`>;

export const PORT_OUT_OPEN: readonly PortOutStatus[] = ['initiated', 'processing', 'issued'];

export type ConsentOutcome =
  | { action: 'none' }
  | { action: 'processing' }
  | { action: 'issue' }
  | { action: 'fail'; reason: NonNullable<PortOut['failureReason']> };

/**
 * What a `portOutCredentials` consent event means for a port-out that is waiting for credentials: a request
 * sent or approved means we are processing; fulfilled (staff followed up) means issuing the credentials;
 * canceled or expired means the port-out fails. Nothing changes a port-out whose credentials are issued.
 */
export function consentOutcome(status: PortOutStatus, type: ConsentEventType): ConsentOutcome {
  if (status !== 'initiated' && status !== 'processing') return { action: 'none' };
  switch (type) {
    case 'consentRequest.created':
    case 'consentRequest.approved':
      return status === 'initiated' ? { action: 'processing' } : { action: 'none' };
    case 'consentRequest.fulfilled':
      return { action: 'issue' };
    case 'consentRequest.canceled':
      return { action: 'fail', reason: 'consentRequestCanceled' };
    case 'consentRequest.expired':
      return { action: 'fail', reason: 'consentNotGiven' };
    default:
      return { action: 'none' };
  }
}

/** The event that leaves a consent request in a status: how a port-out catches up with a request it did not follow. */
export const EVENT_OF_STATUS: Record<ConsentRequest['status'], ConsentEventType> = {
  pending: 'consentRequest.created',
  approved: 'consentRequest.approved',
  fulfilled: 'consentRequest.fulfilled',
  canceled: 'consentRequest.canceled',
  expired: 'consentRequest.expired',
};

/**
 * A request canceled by a resend (`replacedBy` set) does not end the port-out: the user got a new link, and the
 * port-out follows the replacement from then on.
 */
export const isResend = (type: ConsentEventType, consent: Pick<ConsentRequest, 'replacedBy'>) =>
  type === 'consentRequest.canceled' && Boolean(consent.replacedBy);

export const isPortOutConsent = (c: ConsentRequest) => c.type === 'portOutCredentials';
