import { describe, expect, it } from '@jest/globals';
import { consentOutcome } from '../port-out.rules.js';

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
});
