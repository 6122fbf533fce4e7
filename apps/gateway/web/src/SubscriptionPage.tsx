import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiFailure } from './api';
import { Invoices } from './Invoices';
import { Payments } from './Payments';
import { Time } from './time';
import type { ConsentRequest, PortOut, PortOutCredentials, SubscriptionPageData } from './types';

const CONSENT_TYPES: Record<string, string> = {
  simReplacement: 'SIM replacement',
  providerChange: 'Provider change',
  portOutCredentials: 'Port-out credentials',
};
// While one of these is open, the page follows it (the end user approves from their e-mail, elsewhere).
const OPEN = new Set(['pending', 'approved']);
const FOLLOW_AFTER_MS = 30_000;

export function SubscriptionPage({ id }: { id: string; navigate: (to: string) => void }) {
  const [data, setData] = useState<SubscriptionPageData | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<'cancel' | 'end' | null>(null);
  // Shown once: kept only in this page's memory, gone when the agent leaves it.
  const [credentials, setCredentials] = useState<PortOutCredentials | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await api<SubscriptionPageData>('GET', `/subscriptions/${id}`));
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'The subscription could not be loaded.');
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  // Follow an open request, and for a while after it closes: the change it approved lands a moment later.
  const open =
    (data?.consentRequests?.some((c) => OPEN.has(c.status)) ?? false) ||
    (data?.portOuts?.some((p) => p.status === 'processing') ?? false);
  const [followUntil, setFollowUntil] = useState(0);
  useEffect(() => {
    if (open) setFollowUntil(Date.now() + FOLLOW_AFTER_MS);
  }, [open, data]);
  useEffect(() => {
    if (!open && Date.now() > followUntil) return;
    const t = setTimeout(() => void load(), 2000);
    return () => clearTimeout(t);
  }, [open, followUntil, data, load]);

  const act = async (path: string, body: unknown, done: string) => {
    setBusy(true);
    setError('');
    setNotice('');
    setConfirm(null);
    try {
      await api('POST', path, body);
      setNotice(done);
      await load();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'The action failed. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  const reveal = async (portOut: string) => {
    setBusy(true);
    setError('');
    try {
      setCredentials(await api<PortOutCredentials>('POST', `/portOuts/${portOut}/revealCredentials`));
      setNotice('Port-out credentials revealed. They are shown only this once.');
      await load();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'The credentials could not be revealed.');
    } finally {
      setBusy(false);
    }
  };

  const replaceSim = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void act(
      `/subscriptions/${id}/simReplacement`,
      { simType: f.get('simType'), deliveryMethod: f.get('deliveryMethod') },
      'SIM replacement requested: the end user was sent a consent request.',
    );
  };

  if (!data)
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : (
      <p aria-busy="true">Loading…</p>
    );
  const s = data.subscription;
  const approvedPortOut = data.consentRequests?.find(
    (c) => c.type === 'portOutCredentials' && c.status === 'approved',
  );
  return (
    <>
      <h1>Subscription {s.phoneNumber ?? s.id}</h1>
      {approvedPortOut && data.canAct && (
        <div className="followup card">
          <p>The end user approved the port-out credentials request.</p>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(
                `/consentRequests/${approvedPortOut.id}/fulfill`,
                {},
                'Followed up: the port-out credentials are being issued.',
              )
            }
          >
            Follow up port-out credentials
          </button>
        </div>
      )}
      {credentials && (
        <section aria-labelledby="credentials" className="credentials card">
          <h2 id="credentials">Port-out credentials for {credentials.phoneNumber}</h2>
          <p>Give these to the end user now: they cannot be shown again.</p>
          <dl className="facts">
            <dt>Account number</dt>
            <dd>
              <code>{credentials.accountNumber}</code>
            </dd>
            <dt>PIN</dt>
            <dd>
              <code>{credentials.pin}</code>
            </dd>
          </dl>
        </section>
      )}
      <div role="status" className="notice">
        {notice}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`status ${s.status}`}>{s.status}</span>
          {s.canceledAt && s.status !== 'ended' && (
            <>
              {' '}
              (cancellation scheduled: ends <Time at={s.endedAt} />)
            </>
          )}
        </dd>
        <dt>Plan</dt>
        <dd>{s.plan.name}</dd>
        <dt>Current period</dt>
        <dd>
          {s.currentPeriod ? (
            <>
              #{s.currentPeriod.number}: <Time at={s.currentPeriod.start} /> –{' '}
              <Time at={s.currentPeriod.end} />
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Cancellation cut-off</dt>
        <dd>
          <Time at={s.cancellationCutoffAt} />
        </dd>
        <dt>Earliest end</dt>
        <dd>
          <Time at={s.earliestEndAt} />
        </dd>
        <dt>SIM</dt>
        <dd>{s.sim ? `${s.sim.iccid} (${s.sim.type}, ${s.sim.status})` : '—'}</dd>
        <dt>Provider</dt>
        <dd>{s.sim?.provider ?? '—'}</dd>
        <dt>End user</dt>
        <dd>{s.user.email ?? s.user.id}</dd>
        <dt>Id</dt>
        <dd>
          <code>{s.id}</code>
        </dd>
      </dl>

      {data.canAct && s.status === 'active' && (
        <section aria-labelledby="actions" className="actions">
          <h2 id="actions">Actions</h2>
          <form onSubmit={replaceSim} className="card">
            <h3>Replace SIM</h3>
            <label htmlFor="simType">New SIM</label>
            <select id="simType" name="simType" defaultValue="eSIM">
              <option value="eSIM">eSIM</option>
              <option value="pSIM">Physical SIM</option>
            </select>
            <label htmlFor="deliveryMethod">Send the consent request by</label>
            <select id="deliveryMethod" name="deliveryMethod" defaultValue="email">
              <option value="email">E-mail</option>
              <option value="sms">SMS</option>
            </select>
            <button type="submit" disabled={busy}>
              Replace SIM
            </button>
          </form>
          <div className="card">
            <h3>Port-out credentials</h3>
            <p>
              For moving the number to another carrier: the end user approves by e-mail, then you follow up.
            </p>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                void act(
                  `/subscriptions/${id}/portOutCredentials`,
                  { deliveryMethod: 'email' },
                  'Port-out credentials requested: the end user was sent a consent request.',
                )
              }
            >
              Ask for port-out credentials
            </button>
          </div>
          <div className="card">
            <h3>Cancel or end</h3>
            {s.canceledAt ? (
              <>
                <p>
                  Canceled: it ends <Time at={s.endedAt} /> unless resumed.
                </p>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => void act(`/subscriptions/${id}/resume`, {}, 'The subscription is resumed.')}
                >
                  Resume subscription
                </button>
              </>
            ) : confirm === 'cancel' ? (
              <Confirm
                text="The subscription ends at the end of its period (or of the next one, after the cut-off)."
                label="Confirm cancellation"
                busy={busy}
                onConfirm={() => void act(`/subscriptions/${id}/cancel`, {}, 'The subscription is canceled.')}
                onKeep={() => setConfirm(null)}
              />
            ) : (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() => setConfirm('cancel')}
              >
                Cancel subscription…
              </button>
            )}{' '}
            {confirm === 'end' ? (
              <Confirm
                text="The subscription ends now: the number and the SIM stop working at once."
                label="Confirm: end now"
                busy={busy}
                onConfirm={() => void act(`/subscriptions/${id}/end`, {}, 'The subscription has ended.')}
                onKeep={() => setConfirm(null)}
              />
            ) : (
              confirm === null && (
                <button type="button" className="secondary" disabled={busy} onClick={() => setConfirm('end')}>
                  End now…
                </button>
              )
            )}
          </div>
        </section>
      )}

      <section aria-labelledby="consent">
        <h2 id="consent">Consent requests</h2>
        {data.consentRequests === null ? (
          <p>Consent requests are not available right now.</p>
        ) : data.consentRequests.length === 0 ? (
          <p>None.</p>
        ) : (
          <div className="scroll" role="region" aria-label="Consent requests table" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Request</th>
                  <th scope="col">Status</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Expires</th>
                  {data.canAct && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {data.consentRequests.map((c) => (
                  <ConsentRow key={c.id} c={c} canAct={data.canAct} busy={busy} act={act} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {data.portOuts && data.portOuts.length > 0 && (
        <section aria-labelledby="portouts">
          <h2 id="portouts">Port-outs</h2>
          <ul className="results">
            {data.portOuts.map((p) => (
              <PortOutItem key={p.id} p={p} canAct={data.canAct} busy={busy} reveal={reveal} />
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="invoices">
        <h2 id="invoices">Invoices</h2>
        {data.invoices === null ? (
          <p>Invoices are not available right now.</p>
        ) : (
          <Invoices
            invoices={data.invoices}
            canAct={data.canAct}
            onDone={async (message) => {
              setError('');
              setNotice(message);
              await load();
            }}
          />
        )}
      </section>

      <section aria-labelledby="payments">
        <h2 id="payments">Payments</h2>
        {data.payments === null ? (
          <p>Payments are not available right now.</p>
        ) : (
          <Payments
            payments={data.payments}
            canAct={data.canAct}
            onDone={async (message) => {
              setError('');
              setNotice(message);
              await load();
            }}
          />
        )}
      </section>

      <section aria-labelledby="activity">
        <h2 id="activity">Activity</h2>
        {data.events === null ? (
          <p>The activity log is not available right now.</p>
        ) : (
          <ol className="activity">
            {data.events.map((e) => (
              <li key={e.id}>
                <Time at={e.time} /> <strong>{e.type}</strong>
                {e.actor && <span className="actor"> by {data.actors[e.actor] ?? e.actor}</span>}
                {e.previousData && Object.keys(e.previousData).length > 0 && (
                  <span className="changed"> (changed: {Object.keys(e.previousData).join(', ')})</span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function ConsentRow(props: {
  c: ConsentRequest;
  canAct: boolean;
  busy: boolean;
  act: (path: string, body: unknown, done: string) => Promise<void>;
}) {
  const { c, canAct, busy, act } = props;
  const label = CONSENT_TYPES[c.type] ?? c.type;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>
        <span className={`status ${c.status}`}>{c.status}</span>
        {c.cancellationReason === 'declinedByUser' && (
          <span className="reason"> (the user did not ask for this)</span>
        )}
      </td>
      <td>
        <Time at={c.createdAt} />
      </td>
      <td>
        <Time at={c.status === 'pending' ? c.expiresAt : null} />
      </td>
      {canAct && (
        <td>
          {c.status === 'pending' && (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              aria-label={`Cancel ${label} request`}
              onClick={() => void act(`/consentRequests/${c.id}/cancel`, {}, `${label} request canceled.`)}
            >
              Cancel
            </button>
          )}{' '}
          {['pending', 'canceled', 'expired'].includes(c.status) && (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              aria-label={`Resend ${label} request`}
              onClick={() => void act(`/consentRequests/${c.id}/resend`, {}, `${label} request sent again.`)}
            >
              Resend
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

function PortOutItem(props: {
  p: PortOut;
  canAct: boolean;
  busy: boolean;
  reveal: (id: string) => Promise<void>;
}) {
  const { p, canAct, busy, reveal } = props;
  return (
    <li>
      Port-out of {p.phoneNumber}
      {p.recipientProvider?.name ? ` to ${p.recipientProvider.name}` : ''}:{' '}
      <span className={`status ${p.status}`}>{p.status}</span>
      {p.credentialsRevealedAt && (
        <>
          {' '}
          · credentials revealed <Time at={p.credentialsRevealedAt} />
        </>
      )}
      {canAct && p.status === 'issued' && !p.credentialsRevealedAt && (
        <>
          {' '}
          <button type="button" disabled={busy} onClick={() => void reveal(p.id)}>
            Reveal credentials (once)
          </button>
        </>
      )}
    </li>
  );
}

function Confirm(props: {
  text: string;
  label: string;
  busy: boolean;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  return (
    <>
      <p>{props.text}</p>
      <button type="button" className="danger" disabled={props.busy} onClick={props.onConfirm}>
        {props.label}
      </button>{' '}
      <button type="button" className="secondary" onClick={props.onKeep}>
        Keep it
      </button>
    </>
  );
}
