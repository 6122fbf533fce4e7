import { useState, type FormEvent } from 'react';
import { api, ApiFailure, type Member } from './api';

export function SignIn({ onSignedIn }: { onSignedIn: (m: Member, csrf: string) => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setBusy(true);
    setError('');
    try {
      const s = await api<{ member: Member; csrfToken: string }>('POST', '/session', {
        project: String(f.get('project')).trim(),
        email: String(f.get('email')).trim(),
        password: String(f.get('password')),
      });
      onSignedIn(s.member, s.csrfToken);
    } catch (err) {
      setError(
        err instanceof ApiFailure ? err.message : 'The dashboard cannot be reached. Please try again.',
      );
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <h1>Sign in to Simline support</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="project">Project</label>
        <input id="project" name="project" autoComplete="organization" required />
        <label htmlFor="email">E-mail</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
