import { useState } from 'react';
import { api, ApiFailure, newIdempotencyKey } from './api';
import { money } from './Payments';
import { Time } from './time';
import type { Invoice } from './types';

/** The subscription's invoices, with "Pay now" and void for the ones still owed (the billing service's rules). */
export function Invoices(props: {
  invoices: Invoice[];
  canAct: boolean;
  onDone: (message: string) => Promise<void>;
}) {
  const { invoices, canAct, onDone } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [confirmVoid, setConfirmVoid] = useState<string | null>(null);

  const act = async (inv: Invoice, action: 'pay' | 'void') => {
    setBusy(true);
    setError('');
    setConfirmVoid(null);
    try {
      const after = await api<Invoice>('POST', `/invoices/${inv.id}/${action}`, {}, newIdempotencyKey());
      await onDone(
        action === 'void'
          ? 'The invoice is voided.'
          : after.status === 'paid'
            ? `The invoice is paid (${money(after.total, after.currency)}).`
            : 'The payment did not go through.',
      );
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'The action failed. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  if (invoices.length === 0) return <p>None.</p>;
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="results">
        {invoices.map((inv) => {
          const owed = inv.status === 'finalized' || inv.status === 'draft';
          const label = `${money(inv.total, inv.currency)}${inv.period ? ` for period ${inv.period.number}` : ''}`;
          return (
            <li key={inv.id}>
              <Time at={inv.createdAt} /> <strong>{label}</strong>{' '}
              <span className={`status ${inv.status}`}>{inv.status}</span>
              {inv.failedAttempts > 0 && ` · ${inv.failedAttempts} failed payment attempt(s)`}
              {canAct && owed && (
                <>
                  {' '}
                  {inv.status === 'finalized' && (
                    <button type="button" disabled={busy} onClick={() => void act(inv, 'pay')}>
                      Pay now
                    </button>
                  )}{' '}
                  {confirmVoid === inv.id ? (
                    <>
                      <button
                        type="button"
                        className="danger"
                        disabled={busy}
                        onClick={() => void act(inv, 'void')}
                      >
                        Confirm: void {label}
                      </button>{' '}
                      <button type="button" className="secondary" onClick={() => setConfirmVoid(null)}>
                        Keep it
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      onClick={() => setConfirmVoid(inv.id)}
                    >
                      Void…
                    </button>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
