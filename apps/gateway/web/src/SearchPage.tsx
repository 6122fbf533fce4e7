import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiFailure } from './api';
import { TestClock } from './TestClock';
import type { Subscription } from './types';

export function SearchPage(props: { initial: string; canAct: boolean; navigate: (to: string) => void }) {
  const { initial, navigate } = props;
  const [results, setResults] = useState<Subscription[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    if (!initial) return;
    let live = true;
    setError('');
    api<{ items: Subscription[] }>('GET', `/search?q=${encodeURIComponent(initial)}`).then(
      (r) => live && setResults(r.items),
      (e: unknown) => live && setError(e instanceof ApiFailure ? e.message : 'The search failed.'),
    );
    return () => {
      live = false;
    };
  }, [initial]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget).get('q')).trim();
    if (q) navigate(`/dashboard?q=${encodeURIComponent(q)}`);
  };

  return (
    <>
      <h1>Find a subscription</h1>
      <form role="search" className="search" onSubmit={submit}>
        <label htmlFor="q">E-mail, phone number, ICCID or id</label>
        <div className="row">
          <input id="q" name="q" defaultValue={initial} key={initial} required />
          <button type="submit">Search</button>
        </div>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {results && (
        <section aria-labelledby="results">
          <h2 id="results">
            {results.length} {results.length === 1 ? 'subscription' : 'subscriptions'} found
          </h2>
          <ul className="results">
            {results.map((s) => (
              <li key={s.id}>
                <a
                  href={`/dashboard/subscriptions/${s.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/dashboard/subscriptions/${s.id}`);
                  }}
                >
                  {s.phoneNumber ?? s.id}
                </a>{' '}
                <span className={`status ${s.status}`}>{s.status}</span> {s.plan.name} ·{' '}
                {s.user.email ?? s.user.id}
              </li>
            ))}
          </ul>
        </section>
      )}
      <TestClock canAct={props.canAct} />
    </>
  );
}
