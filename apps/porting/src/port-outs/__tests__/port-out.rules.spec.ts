import { describe, expect, it } from '@jest/globals';
import { consentOutcome, EVENT_OF_STATUS, isResend } from '../port-out.rules.js';

describe('consent events and port-outs', () => {
  it.each([
    ['initiated', 'consentRequest.created', { action: 'processing' }],
    ['initiated', 'consentRequest.approved', { action: 'processing' }],
    ['processing', 'consentRequest.approved', { action: 'none' }],
    ['processing', 'consentRequest.fulfilled', { action: 'issue' }],
    ['initiated', 'consentRequest.fulfilled', { action: 'issue' }],
    ['processing', 'consentRequest.canceled', { action: 'fail', reason: 'consentRequestCanceled' }],
    ['initiated', 'consentRequest.expired', { action: 'fail', reason: 'consentNotGiven' }],
    ['issued', 'consentRequest.canceled', { action: 'none' }],
    ['completed', 'consentRequest.fulfilled', { action: 'none' }],
  ] as const)('%s + %s', (status, type, expected) => {
    expect(consentOutcome(status, type)).toEqual(expected);
  });

  it('a cancellation with a replacement is a resend; any other event, or a cancellation without one, is not', () => {
    expect(isResend('consentRequest.canceled', { replacedBy: 'csr_new' })).toBe(true);
    expect(isResend('consentRequest.canceled', { replacedBy: null })).toBe(false);
    expect(isResend('consentRequest.expired', { replacedBy: 'csr_new' })).toBe(false);
  });

  it('catching up with a request by its status is the same as having seen its last event', () => {
    expect(consentOutcome('processing', EVENT_OF_STATUS.fulfilled)).toEqual({ action: 'issue' });
    expect(consentOutcome('processing', EVENT_OF_STATUS.approved)).toEqual({ action: 'none' });
    expect(consentOutcome('processing', EVENT_OF_STATUS.expired)).toEqual({ action: 'fail', reason: 'consentNotGiven' });
  });
});
