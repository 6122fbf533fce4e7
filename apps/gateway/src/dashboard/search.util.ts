export type SearchPlan =
  | { kind: 'phoneNumber' | 'email' | 'iccid'; value: string }
  | { kind: 'subscription' | 'user' | 'sim'; value: string };

const ID_KINDS = { sub: 'subscription', usr: 'user', sim: 'sim' } as const;

/** What an agent typed, read as the one thing it can be: an id, an e-mail, a phone number or an ICCID. */
export function searchPlan(raw: string): SearchPlan | null {
  const q = raw.trim();
  const id = /^(sub|usr|sim)_[0-9A-Za-z]{28}$/.exec(q);
  if (id) return { kind: ID_KINDS[id[1] as keyof typeof ID_KINDS], value: q };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(q)) return { kind: 'email', value: q.toLowerCase() };
  const compact = q.replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return { kind: 'phoneNumber', value: compact };
  if (/^89\d{16,20}$/.test(compact)) return { kind: 'iccid', value: compact };
  return null;
}
