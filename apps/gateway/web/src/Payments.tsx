import { useState, type FormEvent } from 'react';
import { api, ApiFailure, newIdempotencyKey } from './api';
import { Time } from './time';
import type { Payment } from './types';

const REASONS: Record<string, string> = {
  requestedByCustomer: 'Requested by the customer',
  duplicate: 'Duplicate',
  fraudulent: 'Fraudulent',
  other: 'Other',
};

/** Minor units → the currency's own format (a JPY amount has no decimals, a USD one two). */
function digitsOf(currency: string): number {
  return (
    new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}
export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(
    amount / 10 ** digitsOf(currency),
  );
}

export function Payments(props: {
  payments: Payment[];
  canAct: boolean;
  onDone: (message: string) => Promise<void>;
}) {
  const { payments, canAct, onDone } = props;
  const [open, setOpen] = useState<string | null>(null);
  if (payments.length === 0) return <p>None.</p>;
  return (
    <ul className="results">
      {payments.map((p) => (
        <li key={p.id}>
          <Time at={p.createdAt} /> <strong>{money(p.amount, p.currency)}</strong>{' '}
          <span className={`status ${p.status}`}>{p.status}</span>
          {p.amountRefunded > 0 && ` · ${money(p.amountRefunded, p.currency)} refunded`}
          {p.failureMessage && ` · ${p.failureMessage}`}
          {canAct && p.status === 'succeeded' && p.amountRefunded < p.amount && open !== p.id && (
            <>
              {' '}
              <button
                type="button"
                className="secondary"
                aria-label={`Refund the payment of ${money(p.amount, p.currency)}`}
                onClick={() => setOpen(p.id)}
              >
                Refund…
              </button>
            </>
          )}
          {open === p.id && (
            <RefundForm
              payment={p}
              onClose={() => setOpen(null)}
              onDone={async (m) => {
                setOpen(null);
                await onDone(m);
              }}
            />
          )}
        </li>
      ))}
    </ul>
  );
}

function RefundForm(props: { payment: Payment; onClose: () => void; onDone: (m: string) => Promise<void> }) {
  const { payment: p, onClose, onDone } = props;
  // One key per attempt: submitting it twice (a double click, a retry after a lost answer) refunds once. An
  // answered refusal ends the attempt: the agent's corrected input is a new request with a new key.
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const digits = digitsOf(p.currency);
  const left = p.amount - p.amountRefunded;

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const typed = String(f.get('amount')).trim();
    const amount = typed ? Math.round(Number(typed.replace(',', '.')) * 10 ** digits) : undefined;
    setBusy(true);
    setError('');
    try {
      const refund = await api<{ amount: number; currency: string }>(
        'POST',
        '/refunds',
        { payment: p.id, ...(amount !== undefined ? { amount } : {}), reason: f.get('reason') },
        key,
      );
      await onDone(`Refunded ${money(refund.amount, refund.currency)}.`);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'The refund failed. Please try again.');
      if (err instanceof ApiFailure && err.status < 500) setKey(newIdempotencyKey());
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`amount-${p.id}`}>
        Amount to refund ({p.currency}, empty for all of {money(left, p.currency)})
      </label>
      <input id={`amount-${p.id}`} name="amount" inputMode="decimal" />
      <label htmlFor={`reason-${p.id}`}>Reason</label>
      <select id={`reason-${p.id}`} name="reason" defaultValue="requestedByCustomer">
        {Object.entries(REASONS).map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Refund
      </button>{' '}
      <button type="button" className="secondary" onClick={onClose}>
        Keep the payment
      </button>
    </form>
  );
}
