import { z } from 'zod';
import { loadConfig } from '@simline/platform';

/** Billing's own configuration, validated at boot. */
export const BillingConfigSchema = z.object({
  /** The payment-processor adapter. Only the simulator exists: no real processor is reachable here. */
  PAYMENT_PROCESSOR: z.enum(['simulator']).default('simulator'),
  /** Processor calls in flight per charge job (a job charges up to CHARGE_BATCH_SIZE invoices). */
  BILLING_CHARGE_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  BILLING_CHARGE_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Charge jobs run at once per worker process. */
  BILLING_CHARGE_JOBS: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * How often the worker sweeps for finalized invoices whose charge (or overdue) is due but that no job acted on
   * (ChargeSweeper): a lost job is made good within two of these. 0 turns the sweeper off.
   */
  BILLING_SWEEP_EVERY_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** The most invoices of one project a sweep picks up (the rest at the next). */
  BILLING_SWEEP_LIMIT: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** How long the simulator's `tok_timeout` hangs before the answer is lost. */
  PAYMENT_SIMULATOR_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(200),
  /**
   * Where the simulator keeps its state (default: the service's Redis). The processor is an outside party: the
   * fault suite points this elsewhere, so that losing our Redis does not lose the processor's charge records.
   */
  PAYMENT_SIMULATOR_REDIS_URL: z.string().min(1).optional(),
});
export type BillingConfig = z.infer<typeof BillingConfigSchema>;

export const BILLING_CONFIG = Symbol('BILLING_CONFIG');
export const loadBillingConfig = (): BillingConfig => loadConfig(BillingConfigSchema);
