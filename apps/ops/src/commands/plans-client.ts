interface ErrorBody {
  code?: string;
  message?: string;
  details?: Array<{ path?: string; message: string }>;
}

/** A call to the plans service as the gateway makes it (internal token); a Gigs error becomes a readable Error. */
export async function callPlans<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  // Loaded on use: the platform lib brings Nest along, which other ops commands need not pay for at start.
  const { serviceUrl } = await import('@simline/platform');
  const base = serviceUrl('plans');
  let res: Response;
  try {
    res = await fetch(base + path, {
      method,
      headers: {
        'x-simline-internal-token': process.env.INTERNAL_TOKEN ?? '',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new Error(`cannot reach the plans service at ${base} (is it running? PLANS_URL overrides the address): ${(err as Error).message}`);
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = (json ?? {}) as ErrorBody;
    const details = (e.details ?? []).map((d) => `\n  ${d.path ?? '(body)'}: ${d.message}`).join('');
    throw new Error(`${res.status} ${e.code ?? 'error'}: ${e.message ?? text}${details}`);
  }
  return json as T;
}

/** Every item of a list endpoint, page by page (200 at a time). */
export async function allPages<T extends { id: string }>(path: string): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const page: { items: T[]; moreItemsAfter: string | null } = await callPlans('GET', `${path}${sep}limit=200${after ? `&after=${after}` : ''}`);
    items.push(...page.items);
    after = page.moreItemsAfter;
  } while (after);
  return items;
}

/** Runs a command action; a failure prints `error: …` on stderr and exits 1. */
export const run =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      console.error(`error: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  };

export const csv = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
