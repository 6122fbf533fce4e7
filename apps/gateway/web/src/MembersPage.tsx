import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiFailure, type Member } from './api';
import { Time } from './time';

type Listed = Member & { createdAt: string };

/** Admins add the project's members; a password they leave empty is made here and shown once. */
export function MembersPage() {
  const [members, setMembers] = useState<Listed[] | null>(null);
  const [error, setError] = useState('');
  const [added, setAdded] = useState<{ email: string; password?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setMembers((await api<{ items: Listed[] }>('GET', '/members')).items);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : 'The members could not be loaded.');
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const password = String(f.get('password'));
    const name = String(f.get('name')).trim();
    setBusy(true);
    setError('');
    setAdded(null);
    try {
      const m = await api<Listed & { password?: string }>('POST', '/members', {
        email: String(f.get('email')).trim(),
        role: f.get('role'),
        ...(name ? { name } : {}),
        ...(password ? { password } : {}),
      });
      setAdded({ email: m.email, ...(m.password ? { password: m.password } : {}) });
      form.reset();
      await load();
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'The member could not be added.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Members</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div role="status" className="notice">
        {added && `Added ${added.email}.`}
      </div>
      {added?.password && (
        <p className="card">
          Their password, shown only now: <code>{added.password}</code>
        </p>
      )}
      {members && (
        <div className="scroll" role="region" aria-label="Members table" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.email}</th>
                  <td>{m.name ?? ''}</td>
                  <td>{m.role}</td>
                  <td>
                    <Time at={m.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="card" onSubmit={(e) => void submit(e)}>
        <h2>Add a member</h2>
        <label htmlFor="member-email">E-mail</label>
        <input id="member-email" name="email" type="email" required />
        <label htmlFor="member-name">Name (optional)</label>
        <input id="member-name" name="name" />
        <label htmlFor="member-role">Role</label>
        <select id="member-role" name="role" defaultValue="support">
          <option value="support">Support: sees and acts</option>
          <option value="readOnly">Read-only: sees</option>
          <option value="admin">Admin: also manages members</option>
        </select>
        <label htmlFor="member-password">Password (optional: empty makes one, shown once)</label>
        <input
          id="member-password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={12}
        />
        <button type="submit" disabled={busy}>
          Add member
        </button>
      </form>
    </>
  );
}
