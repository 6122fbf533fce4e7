import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Payment } from '@simline/contracts';
import { appendToOutbox } from '@simline/messaging';
import { provisionTopics, waitFor } from '@simline/testing';
import { BillingSettingsService } from '../settings/billing-settings.service.js';
import { InvoicingService } from '../invoices/invoicing.service.js';
import { planLine } from '../invoices/invoice-lines.util.js';
import { ChargingService } from '../payments/charging.service.js';
import { PaymentProcessor } from '../processor/payment-processor.port.js';
import type { SimulatedPaymentProcessor } from '../processor/simulated-payment-processor.js';
import { planResource, startBilling, SubscriptionScript, type BillingHarness } from './billing-fixtures.js';

// Issue 24: an invoice finalized in PostgreSQL whose charge job never reached Redis (the process died between
// the commit and the enqueue, Redis was lost or away) was never charged. The sweeper re-derives the work from the
// database, within two sweep periods, and charges each such invoice exactly once.
const SWEEP_MS = 300;
process.env.BILLING_SWEEP_EVERY_MS ??= String(SWEEP_MS);
const PROJECT = 'bill-sweep'; // on system time: no job fires but those put in Redis

describe('the charge sweeper', () => {
  let h: BillingHarness;
  let sim: SimulatedPaymentProcessor;
  let charging: ChargingService;

  beforeAll(async () => {
    await provisionTopics();
    h = await startBilling();
    sim = h.billing.app.get(PaymentProcessor) as SimulatedPaymentProcessor;
    charging = h.billing.app.get(ChargingService);
  }, 90_000);

  afterAll(async () => {
    await h?.close();
  });

  const chargesOf = async (invoice: string) => (await sim.charges()).filter((c) => c.metadata.invoice === invoice);
  const paymentsOf = async (invoice: string): Promise<Payment[]> => (await h.api.get(`/projects/${PROJECT}/payments?invoice=${invoice}&limit=100`)).body.items as Payment[];
  const statusOf = async (invoice: string): Promise<string> => ((await h.ds.query('SELECT status FROM invoices WHERE id = $1', [invoice])) as Array<{ status: string }>)[0]!.status;

  /**
   * A renewal invoice committed exactly as the subscription-events consumer commits it (invoice, events), by a
   * process that died before its after-commit step put the charge job in Redis.
   */
  const orphanInvoice = async (): Promise<string> => {
    const now = new Date();
    const s = new SubscriptionScript(PROJECT, new Date(now.getTime() - 40 * 86_400_000), planResource(1234));
    const card = await h.api.post(`/projects/${PROJECT}/paymentMethods`, { user: s.userId, token: 'tok_visa' });
    expect(card.status).toBe(201);
    const period = s.period(2);
    const policy = (await h.billing.app.get(BillingSettingsService).policies(h.ds, [PROJECT])).get(PROJECT)!;
    const { invoices } = await h.ds.transaction(async (em) => {
      const created = await h.billing.app.get(InvoicingService).createFinalized(em, [
        {
          project: PROJECT,
          subscriptionId: s.id,
          userId: s.userId,
          reason: 'subscriptionRenewal',
          period,
          currency: 'USD',
          lines: [planLine(s.plan, period)],
          now,
          policy,
        },
      ]);
      await appendToOutbox(em, created.events);
      return created;
    });
    expect(invoices).toHaveLength(1);
    return invoices[0]!.id;
  };

  it('charges, exactly once and within two sweeps, an invoice finalized whose charge job was never enqueued', async () => {
    const invoice = await orphanInvoice();
    const t0 = Date.now();
    await waitFor(async () => (await statusOf(invoice)) === 'paid', { what: `the sweeper to charge ${invoice}`, timeoutMs: 20 * SWEEP_MS + 5000, intervalMs: 50 });
    const lateMs = Date.now() - t0;
    // More sweeps find nothing left to do: still one charge, one payment.
    await new Promise((r) => setTimeout(r, 3 * SWEEP_MS));
    expect(await chargesOf(invoice)).toHaveLength(1);
    const payments = await paymentsOf(invoice);
    expect(payments.map((p) => [p.attempt, p.status, p.amount])).toEqual([[1, 'succeeded', 1234]]);
    expect(lateMs).toBeLessThan(10 * SWEEP_MS + 2000);
  }, 60_000);

  it('records, exactly once, a charge the processor made for a charger that died before recording it', async () => {
    const invoice = await orphanInvoice();
    // The charger dies after the processor's answer (record never runs) and its lease job is lost with Redis.
    const record = jest.spyOn(charging as unknown as { record: () => Promise<void> }, 'record').mockRejectedValue(new Error('killed before recording'));
    await expect(charging.chargeDue(PROJECT, [invoice])).rejects.toThrow('killed before recording');
    record.mockRestore();
    expect(await chargesOf(invoice)).toHaveLength(1);
    expect((await paymentsOf(invoice)).map((p) => p.status)).toEqual(['pending']);
    // Its lease has run out (here: moved back rather than waiting two minutes).
    await h.ds.query(`UPDATE invoices SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [invoice]);

    await waitFor(async () => (await statusOf(invoice)) === 'paid', { what: `the sweeper to settle ${invoice}`, timeoutMs: 20 * SWEEP_MS + 5000, intervalMs: 50 });
    const charges = await chargesOf(invoice);
    expect(charges).toHaveLength(1);
    const payments = await paymentsOf(invoice);
    expect(payments).toHaveLength(1);
    // The re-asked attempt got the processor's first answer: the same charge, recorded once.
    const [row] = (await h.ds.query('SELECT processor_charge_id, idempotency_key FROM payments WHERE invoice_id = $1', [invoice])) as Array<{ processor_charge_id: string; idempotency_key: string }>;
    expect(row).toEqual({ processor_charge_id: charges[0]!.chargeId, idempotency_key: `${invoice}:1` });
    expect(payments[0]).toMatchObject({ status: 'succeeded', attempt: 1 });
  }, 60_000);

  it('leaves alone an invoice a job is charging: no second charge, no second attempt', async () => {
    const invoice = await orphanInvoice();
    await Promise.all([charging.chargeDue(PROJECT, [invoice]), charging.chargeDue(PROJECT, [invoice]), new Promise((r) => setTimeout(r, 3 * SWEEP_MS))]);
    expect(await statusOf(invoice)).toBe('paid');
    expect(await chargesOf(invoice)).toHaveLength(1);
    expect(await paymentsOf(invoice)).toHaveLength(1);
  }, 60_000);
});
