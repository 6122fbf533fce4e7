import type { PaymentFailureCode } from '@simline/contracts';
import type { CardDetails } from './payment-processor.port.js';

export type TokenBehaviour =
  | { outcome: 'succeed' }
  | { outcome: 'decline'; failureCode: PaymentFailureCode; message: string }
  | { outcome: 'succeedThenDispute' }
  | { outcome: 'timeoutOnce' };

export interface TestToken {
  card: CardDetails;
  behaviour: TokenBehaviour;
  summary: string;
}

const card = (brand: string, last4: string): CardDetails => ({ brand, last4, expMonth: 12, expYear: 2034 });

/**
 * The simulator's test tokens, named after Stripe's test tokens (docs/decisions/0401-billing.md). Deterministic:
 * the outcome depends only on the token and the idempotency key, never on chance or time.
 */
export const TEST_TOKENS: Record<string, TestToken> = {
  tok_visa: { card: card('visa', '4242'), behaviour: { outcome: 'succeed' }, summary: 'Every charge succeeds.' },
  tok_mastercard: { card: card('mastercard', '4444'), behaviour: { outcome: 'succeed' }, summary: 'Every charge succeeds.' },
  tok_chargeDeclined: {
    card: card('visa', '0002'),
    behaviour: { outcome: 'decline', failureCode: 'cardDeclined', message: 'The card was declined.' },
    summary: 'Every charge is declined (cardDeclined).',
  },
  tok_chargeDeclinedInsufficientFunds: {
    card: card('visa', '9995'),
    behaviour: { outcome: 'decline', failureCode: 'insufficientFunds', message: 'The card has insufficient funds.' },
    summary: 'Every charge fails with insufficientFunds.',
  },
  tok_chargeDeclinedProcessingError: {
    card: card('visa', '0119'),
    behaviour: { outcome: 'decline', failureCode: 'processingError', message: 'An error occurred while processing the card.' },
    summary: 'Every charge fails with processingError.',
  },
  tok_createDispute: {
    card: card('visa', '0259'),
    behaviour: { outcome: 'succeedThenDispute' },
    summary: 'Every charge succeeds; the card holder disputes it one day later (payment.disputed).',
  },
  tok_timeout: {
    card: card('visa', '3220'),
    behaviour: { outcome: 'timeoutOnce' },
    summary: 'The charge is made but the first answer for each idempotency key is lost (a timeout); asking again with the same key returns the charge.',
  },
};
