import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiFailure, setCsrf, type Member } from './api';
import { MembersPage } from './MembersPage';
import { SearchPage } from './SearchPage';
import { SignIn } from './SignIn';
import { SubscriptionPage } from './SubscriptionPage';

/** Client-side routes under /dashboard: `/` (search) and `/subscriptions/{id}`. */
function routeOf(pathname: string): { page: 'search' | 'members' } | { page: 'subscription'; id: string } {
  if (pathname === '/dashboard/members') return { page: 'members' };
  const m = /^\/dashboard\/subscriptions\/(sub_[0-9A-Za-z]+)$/.exec(pathname);
  return m ? { page: 'subscription', id: m[1]! } : { page: 'search' };
}

export function App() {
  const [member, setMember] = useState<Member | null | undefined>(undefined);
  const [path, setPath] = useState(location.pathname + location.search);

  useEffect(() => {
    api<{ member: Member; csrfToken: string }>('GET', '/session').then(
      (s) => {
        setCsrf(s.csrfToken);
        setMember(s.member);
      },
      () => setMember(null),
    );
    const onPop = () => setPath(location.pathname + location.search);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((to: string) => {
    history.pushState(null, '', to);
    setPath(to);
    window.scrollTo(0, 0);
  }, []);

  // A new view is announced like a new page: its title, and focus at the start of its content.
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    const view = new URL(path, location.origin).pathname;
    document.title = view.startsWith('/dashboard/subscriptions/')
      ? 'Subscription · Simline support'
      : view === '/dashboard/members'
        ? 'Members · Simline support'
        : 'Find a subscription · Simline support';
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [path]);

  const signOut = async () => {
    await api('DELETE', '/session').catch((e: unknown) => {
      if (!(e instanceof ApiFailure)) throw e;
    });
    setMember(null);
  };

  if (member === undefined) return <main className="loading" aria-busy="true" />;
  if (member === null)
    return (
      <SignIn
        onSignedIn={(m, csrf) => {
          setCsrf(csrf);
          setMember(m);
        }}
      />
    );

  const url = new URL(path, location.origin);
  const route = routeOf(url.pathname);
  return (
    <>
      <header className="bar">
        <a
          href="/dashboard"
          className="brand"
          onClick={(e) => {
            e.preventDefault();
            navigate('/dashboard');
          }}
        >
          Simline support
        </a>
        {member.role === 'admin' && (
          <a
            href="/dashboard/members"
            className="brand"
            onClick={(e) => {
              e.preventDefault();
              navigate('/dashboard/members');
            }}
          >
            Members
          </a>
        )}
        <span className="who">
          {member.email} · {member.project} · <span className="role">{member.role}</span>
        </span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {route.page === 'subscription' ? (
          <SubscriptionPage key={route.id} id={route.id} navigate={navigate} />
        ) : route.page === 'members' ? (
          <MembersPage />
        ) : (
          <SearchPage
            initial={url.searchParams.get('q') ?? ''}
            canAct={member.role !== 'readOnly'}
            navigate={navigate}
          />
        )}
      </main>
    </>
  );
}
