import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiFailure } from './api';
import { Time } from './time';

interface Clock {
  now: string;
  status: 'ready' | 'advancing';
}

const HOUR = 3_600_000;
const STEPS: Array<[string, number]> = [
  ['1 hour', HOUR],
  ['3 hours', 3 * HOUR],
  ['1 day', 24 * HOUR],
  ['7 days', 7 * 24 * HOUR],
  ['30 days', 30 * 24 * HOUR],
];

/** A sandbox project's simulated time, and moving it on (everything that falls due fires, as if time passed). */
export function TestClock({ canAct }: { canAct: boolean }) {
  const [clock, setClock] = useState<Clock | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Not a sandbox (403): no clock, no panel.
    api<Clock>('GET', '/clock').then(setClock, () => setClock(null));
  }, []);

  if (!clock) return null;

  const advance = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const step = Number(new FormData(e.currentTarget).get('step'));
    setBusy(true);
    setError('');
    try {
      setClock(
        await api<Clock>('POST', '/clock/advance', {
          to: new Date(new Date(clock.now).getTime() + step).toISOString(),
        }),
      );
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'The clock could not be advanced.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="clock" className="card">
      <h2 id="clock">Test clock</h2>
      <p role="status">
        Sandbox time: <Time at={clock.now} />
        {clock.status === 'advancing' && ' (still advancing)'}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {canAct && (
        <form onSubmit={(e) => void advance(e)} className="row">
          <div>
            <label htmlFor="step">Advance by</label>
            <select id="step" name="step" defaultValue={String(HOUR)}>
              {STEPS.map(([label, ms]) => (
                <option key={label} value={ms}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={busy}>
            Advance clock
          </button>
        </form>
      )}
    </section>
  );
}
