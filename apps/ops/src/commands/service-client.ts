import { readFile } from 'node:fs/promises';
import { InternalApi, type ServiceKey } from '../lib/internal-api.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A call to a service's API as the gateway makes it (internal token); a Gigs error becomes an OpsError. */
export function callService<T>(
  service: ServiceKey,
  method: Method,
  path: string,
  body?: unknown,
): Promise<T> {
  return new InternalApi().request<T>(service, method, path, body);
}

/** Every item of a list endpoint, page by page (200 at a time). */
export async function allPages<T extends { id: string }>(service: ServiceKey, path: string): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const page: { items: T[]; moreItemsAfter: string | null } = await callService(
      service,
      'GET',
      `${path}${sep}limit=200${after ? `&after=${after}` : ''}`,
    );
    items.push(...page.items);
    after = page.moreItemsAfter;
  } while (after);
  return items;
}

export const csv = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Values from arguments and/or a file (one per line, `#` comments). */
export async function valuesFrom(args: string[], file?: string): Promise<string[]> {
  const fromFile = file
    ? (await readFile(file, 'utf8')).split('\n').map((l) => l.replace(/#.*/, '').trim())
    : [];
  return [...args, ...fromFile].filter(Boolean);
}
