import type { PaymentFailureCode } from '@simline/contracts';

export interface CardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** A card stored at the processor: we keep only its reference and display details. */
export interface AttachedCard {
  reference: string;
  card: CardDetails;
}

export interface ChargeRequest {
  /** One key per invoice attempt: the processor returns the first result for a repeated key, without charging. */
  idempotencyKey: string;
  paymentMethod: string;
  amount: number;
  currency: string;
  project: string;
  /** The project's now (simulated on a test clock). */
  at: Date;
  metadata: Record<string, string>;
}

export type ChargeResult =
  | { status: 'succeeded'; chargeId: string }
  | { status: 'failed'; chargeId: string | null; failureCode: PaymentFailureCode; message: string };

export interface RefundRequest {
  idempotencyKey: string;
  chargeId: string;
  amount: number;
}

export type RefundResult = { status: 'succeeded'; refundId: string } | { status: 'failed'; message: string };

/** The processor did not answer in time: the charge may or may not have happened. Ask again with the same key. */
export class ProcessorTimeoutError extends Error {
  constructor(message = 'The payment processor did not answer in time.') {
    super(message);
    this.name = 'ProcessorTimeoutError';
  }
}

/** The token is not one the processor knows (or was already used). */
export class InvalidPaymentTokenError extends Error {
  constructor(message = 'The payment token is not valid.') {
    super(message);
    this.name = 'InvalidPaymentTokenError';
  }
}

/** Something the processor tells us later, outside a request (a dispute). */
export interface ProcessorNotification {
  kind: 'dispute';
  processorChargeId: string;
}

/**
 * The payment-processor port: Stripe's shape (tokens become stored payment methods, charges and refunds carry
 * idempotency keys). Billing only talks to this; the adapter is chosen at boot.
 */
export abstract class PaymentProcessor {
  abstract attach(token: string, project: string): Promise<AttachedCard>;
  abstract charge(req: ChargeRequest): Promise<ChargeResult>;
  abstract refund(req: RefundRequest): Promise<RefundResult>;
}

/** Where an adapter delivers the processor's later notifications (in production: its webhook endpoint). */
export abstract class ProcessorNotifier {
  abstract notifyAt(notification: ProcessorNotification, at: Date, project: string): Promise<void>;
}
