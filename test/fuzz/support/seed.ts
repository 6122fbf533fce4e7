// A project with one resource of every kind a partner can reach, created through the partner API, and the
// merged OpenAPI document: what the fuzzer and the isolation matrix walk.
import { ID_PREFIXES, newId, type IdKind } from '@simline/contracts';
import { planInput, waitFor } from '@simline/testing';
import type { PartnerClient } from '../../e2e/support/partner-client.js';

export interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Template under `/projects/{project}`, e.g. `/plans/{plan}`. */
  template: string;
  params: Array<{ name: string; in: 'path' | 'query' }>;
  body?: { schema: unknown; example?: unknown };
}

export interface OpenApi {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}

export function operationsOf(doc: OpenApi): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/projects/{project}')) continue;
    for (const [method, op] of Object.entries(ops)) {
      const params = ((op.parameters as Array<{ name: string; in: 'path' | 'query' }>) ?? []).filter(
        (p) => p.name !== 'project',
      );
      const content = (
        op.requestBody as { content?: Record<string, { schema: unknown; example?: unknown }> } | undefined
      )?.content?.['application/json'];
      out.push({
        method: method as Operation['method'],
        template: path.replace(/^\/projects\/\{project\}/, ''),
        params,
        ...(content ? { body: { schema: content.schema, example: content.example } } : {}),
      });
    }
  }
  return out;
}

async function created(res: { status: number; body: { id?: string } }, what: string): Promise<string> {
  if (res.status !== 201 && res.status !== 200 && res.status !== 202)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id!;
}

/**
 * Creates a plan (published), a user with an address and a card, a subscription (billed: an invoice and a
 * payment), a draft porting and a webhook endpoint, then takes one real id from every listable collection.
 * Returns ids by path parameter name (`plan`, `user`, `subscription`, …).
 */
export async function seedProject(api: PartnerClient, doc: OpenApi): Promise<Record<string, string>> {
  const known: Record<string, string> = {};
  known.plan = await created(
    await api.post(
      '/plans',
      planInput({
        name: 'Seed plan',
        simTypes: ['eSIM'],
        allowances: { dataBytes: 1_000_000, voiceSeconds: 0, smsMessages: 0 },
      }),
    ),
    'plan',
  );
  await created(await api.post(`/plans/${known.plan}/publish`), 'publish');
  known.user = await created(
    await api.post('/users', { email: `seed${Date.now()}@example.com`, fullName: 'Seed User' }),
    'user',
  );
  known.address = await created(
    await api.post(`/users/${known.user}/addresses`, {
      city: 'Berlin',
      country: 'DE',
      line1: 'Unter den Linden 1',
      postalCode: '10117',
    }),
    'address',
  ).catch(() => '');
  await api.post('/paymentMethods', { user: known.user, token: 'tok_visa' });
  known.subscription = await waitFor(
    async () => {
      const r = await api.post('/subscriptions', { user: known.user, plan: known.plan });
      return r.status === 201 ? (r.body.id as string) : undefined;
    },
    { what: 'a subscription (once the plan reached the subscriptions service)', timeoutMs: 30_000 },
  );
  await api
    .post('/portings', {
      phoneNumber: '+12065550100',
      user: known.user,
      provider: 'p9',
      accountNumber: '1234567890',
      firstName: 'Seed',
      lastName: 'User',
      address: {
        city: 'New York City',
        country: 'US',
        line1: '129 West 81st Street',
        postalCode: '10024',
        state: 'NY',
      },
    })
    .catch(() => undefined);
  await api
    .post('/webhookEndpoints', {
      url: 'https://hooks.example.com/simline',
      enabledEvents: ['subscription.*'],
    })
    .catch(() => undefined);
  // Billing works on events: the invoice (and its payment) appear a moment later.
  await waitFor(async () => ((await api.get('/invoices')).body?.items?.length ?? 0) > 0, {
    what: 'the first invoice',
    timeoutMs: 30_000,
  }).catch(() => undefined);

  const paths = Object.keys(doc.paths).map((p) => p.replace(/^\/projects\/\{project\}/, ''));
  const collections = paths.filter((p) => !p.includes('{'));
  for (const path of paths) {
    const m = /^(.*)\/\{(\w+)\}$/.exec(path);
    if (!m || m[1]!.includes('{')) continue;
    const [, collection, param] = m as unknown as [string, string, string];
    if (known[param] || !collections.includes(collection)) continue;
    const list = await api.get(collection);
    const first =
      list.status === 200 && Array.isArray(list.body?.items)
        ? (list.body.items[0] as { id?: string } | undefined)
        : undefined;
    if (first?.id) known[param] = first.id;
  }
  // Nested collections under a known parent (`/users/{user}/addresses`, `/webhookEndpoints/{…}/deliveries`).
  for (const path of paths) {
    const m = /^(.*\{\w+\}.*)\/\{(\w+)\}$/.exec(path);
    if (!m || known[m[2]!]) continue;
    const collection = m[1]!.replace(/\{(\w+)\}/g, (_x, n: string) => known[n] ?? '_');
    if (collection.includes('/_')) continue;
    const list = await api.get(collection);
    const first =
      list.status === 200 && Array.isArray(list.body?.items)
        ? (list.body.items[0] as { id?: string } | undefined)
        : undefined;
    if (first?.id) known[m[2]!] = first.id;
  }
  return known;
}

/** The id kind a path parameter names (`{document}` is a plan document, `{address}` a user address…). */
const PARAM_KINDS: Record<string, IdKind> = {
  document: 'planDocument',
  address: 'userAddress',
  delivery: 'webhookDelivery',
};

/** A well-formed id of the kind a path parameter names, that exists nowhere. */
export function madeUpId(param: string): string {
  const kind = PARAM_KINDS[param] ?? (param in ID_PREFIXES ? (param as IdKind) : undefined);
  return kind ? newId(kind) : `${param.slice(0, 3)}_${'0'.repeat(28)}`;
}

/**
 * A template with known ids where there are, well-formed ids that exist nowhere elsewhere. A bare `{id}` is
 * named by the segment before it (`/subscriptions/{id}/events`: a subscription).
 */
export function fill(
  template: string,
  known: Record<string, string>,
  override: Record<string, string> = {},
): string {
  return template.replace(
    /\/([^/{}]+)\/\{(\w+)\}|\{(\w+)\}/g,
    (_m, segment: string | undefined, named: string | undefined, bare: string | undefined) => {
      let name = (named ?? bare)!;
      if (name === 'id' && segment) name = segment.replace(/s$/, '');
      const id = override[name] ?? known[name] ?? madeUpId(name);
      return segment ? `/${segment}/${id}` : id;
    },
  );
}
