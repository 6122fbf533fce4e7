import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  InvalidPaymentTokenError,
  PaymentProcessor,
  ProcessorNotifier,
  ProcessorTimeoutError,
  type AttachedCard,
  type ChargeRequest,
  type ChargeResult,
  type RefundRequest,
  type RefundResult,
} from './payment-processor.port.js';
import { TEST_TOKENS } from './test-tokens.js';

/** A charge as the simulated processor recorded it (its "dashboard"). */
export interface SimulatedCharge {
  chargeId: string;
  idempotencyKey: string;
  paymentMethod: string;
  token: string;
  amount: number;
  currency: string;
  status: 'succeeded' | 'failed';
  metadata: Record<string, string>;
  at: string;
}

export interface SimulatorOptions {
  /** Redis key prefix; the processor's state is shared by the server and the worker, and survives restarts. */
  prefix: string;
  /** How long a request of `tok_timeout` hangs before the adapter gives up. */
  timeoutMs?: number;
  /** When the holder of `tok_createDispute` disputes a charge, after it. */
  disputeAfterMs?: number;
  /** The connection is the simulator's own (PAYMENT_SIMULATOR_REDIS_URL): closed with the application. */
  ownsConnection?: boolean;
}

/** Records a key's first result and its charge together; a repeated key gets the first result back. */
const CHARGE_ONCE = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return redis.call('HGET', KEYS[1], ARGV[1]) end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
return false`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rid = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * A deterministic payment processor behind the port, honouring idempotency keys like Stripe: the first request
 * with a key decides the result; a repeat of the key returns that result and charges nothing; a repeat with
 * other parameters is refused. State lives in Redis so that every process of billing sees the same processor.
 */
export class SimulatedPaymentProcessor extends PaymentProcessor {
  private readonly timeoutMs: number;
  private readonly disputeAfterMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly notifier: ProcessorNotifier,
    private readonly opts: SimulatorOptions,
  ) {
    super();
    this.timeoutMs = opts.timeoutMs ?? 200;
    this.disputeAfterMs = opts.disputeAfterMs ?? 86_400_000;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.opts.ownsConnection) this.redis.disconnect();
  }

  private key(name: string): string {
    return `${this.opts.prefix}paysim:${name}`;
  }

  override async attach(token: string): Promise<AttachedCard> {
    const known = TEST_TOKENS[token];
    if (!known) throw new InvalidPaymentTokenError(`Unknown payment token. The simulator accepts: ${Object.keys(TEST_TOKENS).join(', ')}.`);
    const reference = rid('pm_sim');
    await this.redis.hset(this.key('methods'), reference, token);
    return { reference, card: { ...known.card } };
  }

  override async charge(req: ChargeRequest): Promise<ChargeResult> {
    const token = await this.redis.hget(this.key('methods'), req.paymentMethod);
    if (!token) return { status: 'failed', chargeId: null, failureCode: 'paymentMethodMissing', message: 'No such payment method at the processor.' };
    const behaviour = TEST_TOKENS[token]!.behaviour;
    const fingerprint = `${req.paymentMethod}|${req.amount}|${req.currency}`;
    const chargeId = rid('ch_sim');
    const result: ChargeResult =
      behaviour.outcome === 'decline'
        ? { status: 'failed', chargeId, failureCode: behaviour.failureCode, message: behaviour.message }
        : { status: 'succeeded', chargeId };
    const record: SimulatedCharge = {
      chargeId,
      idempotencyKey: req.idempotencyKey,
      paymentMethod: req.paymentMethod,
      token,
      amount: req.amount,
      currency: req.currency,
      status: result.status,
      metadata: req.metadata,
      at: req.at.toISOString(),
    };
    // The key's result and the charge are one write, as at a real processor: a caller killed in between two
    // writes left a result (a charge id the caller then recorded as paid) with no charge behind it.
    const stored = (await this.redis.eval(
      CHARGE_ONCE,
      2,
      this.key('idempotency'),
      this.key('charges'),
      req.idempotencyKey,
      JSON.stringify({ fingerprint, result }),
      chargeId,
      JSON.stringify(record),
    )) as string | null;
    if (stored !== null) {
      const first = JSON.parse(stored) as { fingerprint: string; result: ChargeResult };
      if (first.fingerprint !== fingerprint) {
        throw new Error(`Idempotency key ${req.idempotencyKey} was used with other parameters (a bug in the caller).`);
      }
      return first.result;
    }
    if (behaviour.outcome === 'succeedThenDispute') {
      await this.notifier.notifyAt({ kind: 'dispute', processorChargeId: chargeId }, new Date(req.at.getTime() + this.disputeAfterMs), req.project);
    }
    if (behaviour.outcome === 'timeoutOnce') {
      await sleep(this.timeoutMs);
      throw new ProcessorTimeoutError();
    }
    return result;
  }

  override async refund(req: RefundRequest): Promise<RefundResult> {
    const stored = await this.redis.hget(this.key('refund-idempotency'), req.idempotencyKey);
    if (stored) return JSON.parse(stored) as RefundResult;
    const raw = await this.redis.hget(this.key('charges'), req.chargeId);
    const charge = raw ? (JSON.parse(raw) as SimulatedCharge) : null;
    let result: RefundResult;
    if (!charge || charge.status !== 'succeeded') {
      result = { status: 'failed', message: 'No such succeeded charge.' };
    } else {
      const refunded = await this.redis.hincrby(this.key('refunded'), req.chargeId, req.amount);
      if (refunded > charge.amount) {
        await this.redis.hincrby(this.key('refunded'), req.chargeId, -req.amount);
        result = { status: 'failed', message: 'The refund exceeds what is left of the charge.' };
      } else {
        result = { status: 'succeeded', refundId: rid('re_sim') };
      }
    }
    await this.redis.hset(this.key('refund-idempotency'), req.idempotencyKey, JSON.stringify(result));
    return result;
  }

  /** Every charge the processor made (tests count them: one per invoice whatever happens). */
  async charges(): Promise<SimulatedCharge[]> {
    const all = await this.redis.hvals(this.key('charges'));
    return all.map((s) => JSON.parse(s) as SimulatedCharge);
  }

  async refundedAmount(chargeId: string): Promise<number> {
    return Number((await this.redis.hget(this.key('refunded'), chargeId)) ?? 0);
  }
}
