import { readFileSync } from 'node:fs';

/** One endpoint of the Gigs references, as transcribed in reference-examples.json. */
export interface ReferenceEndpoint {
  reference: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body: Record<string, unknown> | null;
  response: Record<string, unknown>;
}

export interface ReferenceExamples {
  endpoints: ReferenceEndpoint[];
  /** Per resource, a field path (`a.b`, `list[]`) and its allowed values. */
  enums: Record<'subscription' | 'plan', Record<string, string[]>>;
}

export const REFERENCE: ReferenceExamples = JSON.parse(
  readFileSync(new URL('./reference-examples.json', import.meta.url), 'utf8'),
) as ReferenceExamples;

/** Fields Simline has that the references do not, each for a reason (docs/decisions/0201, 0205, 0403). */
export const SIMLINE_EXTRAS = new Set([
  'subscription.cancellationCutoffAt',
  'subscription.planChange',
  'subscription.voucherCode',
]);

/** Fields the references say are "only present when …": absent is conformant. */
export const ONLY_PRESENT_WHEN = new Set(['cancellationDetails.userReason', 'cancellationDetails.userComment']);

type Kind = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object';

const kindOf = (v: unknown): Kind =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as 'string' | 'number' | 'boolean' | 'object');

const isObject = (v: unknown): v is Record<string, unknown> => kindOf(v) === 'object';

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Where a live response differs from the reference's example in fields and types: a reference field missing,
 * a field the reference lacks, or another JSON type. A null on either side matches any type (the references'
 * examples show one state of nullable fields); `metadata` is free-form.
 */
export function shapeDiffs(reference: unknown, live: unknown, resource: string, path = ''): string[] {
  if (reference === null || live === null) return [];
  const [rk, lk] = [kindOf(reference), kindOf(live)];
  if (rk !== lk) return [`${path || '(body)'}: ${lk} where the reference has ${rk}`];
  if (Array.isArray(reference) && Array.isArray(live)) {
    if (!reference.length) return [];
    return live.flatMap((item) => shapeDiffs(reference[0], item, resource, `${path}[]`));
  }
  if (!isObject(reference) || !isObject(live)) return [];
  const out: string[] = [];
  for (const key of Object.keys(reference)) {
    const p = join(path, key);
    if (!(key in live)) {
      if (!ONLY_PRESENT_WHEN.has(p.replace(/^items\[\]\./, ''))) out.push(`${p}: missing`);
    } else if (key !== 'metadata') out.push(...shapeDiffs(reference[key], live[key], resource, p));
  }
  for (const key of Object.keys(live)) {
    const p = join(path, key);
    if (live[key] === null && ONLY_PRESENT_WHEN.has(p.replace(/^items\[\]\./, '')))
      out.push(`${p}: null where the reference says it is only present when it applies`);
  }
  for (const key of Object.keys(live)) {
    const p = join(path, key);
    const bare = p.replace(/^items\[\]\./, '');
    if (!(key in reference) && !SIMLINE_EXTRAS.has(`${resource}.${bare}`) && !ONLY_PRESENT_WHEN.has(bare))
      out.push(`${p}: not in the reference`);
  }
  return out;
}

/** The values at a field path (`a.b`, `a[]`) of a value. */
export function valuesAt(value: unknown, path: string): unknown[] {
  let values: unknown[] = [value];
  for (const part of path.split('.')) {
    const many = part.endsWith('[]');
    const key = many ? part.slice(0, -2) : part;
    values = values.flatMap((v) => {
      const next = isObject(v) ? v[key] : undefined;
      if (next === undefined || next === null) return [];
      return many && Array.isArray(next) ? next : [next];
    });
  }
  return values;
}

/** Enum values of a live resource outside the reference's allowed values. */
export function enumDiffs(resource: 'subscription' | 'plan', live: unknown): string[] {
  return Object.entries(REFERENCE.enums[resource]).flatMap(([path, allowed]) =>
    valuesAt(live, path)
      .filter((v) => typeof v !== 'string' || !allowed.includes(v))
      .map((v) => `${path}: ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`),
  );
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  $ref?: string;
};

/** The variants of a schema that are not just `null`. */
function variants(s: JsonSchema): JsonSchema[] {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.flatMap(variants);
  return s.type === 'null' ? [] : [s];
}

const schemaKinds = (s: JsonSchema): Set<string> => {
  const kinds = new Set<string>();
  for (const v of variants(s)) {
    const types = Array.isArray(v.type) ? v.type : v.type ? [v.type] : [];
    for (const t of types) kinds.add(t === 'integer' ? 'number' : t);
    if (v.const !== undefined) kinds.add(kindOf(v.const));
    if (v.enum) for (const e of v.enum) kinds.add(kindOf(e));
    if (v.properties) kinds.add('object');
    if (v.items) kinds.add('array');
  }
  kinds.delete('null');
  return kinds;
};

/**
 * Where an OpenAPI response schema differs from the reference's example: a field the schema lacks or adds,
 * a field of another type, an enum other than the reference's.
 */
export function schemaDiffs(
  reference: unknown,
  schema: JsonSchema,
  resource: 'subscription' | 'plan',
  path = '',
): string[] {
  if (reference === null) return [];
  const kinds = schemaKinds(schema);
  const rk = kindOf(reference);
  if (kinds.size && !kinds.has(rk)) return [`${path || '(body)'}: ${[...kinds].join('|')} where the reference has ${rk}`];
  const out: string[] = [];
  const bare = path.replace(/^items\[\]\./, '');
  const allowed = REFERENCE.enums[resource][bare];
  if (allowed) {
    const values = variants(schema).flatMap((v) => (v.enum as unknown[] | undefined) ?? (v.items?.enum as unknown[] | undefined) ?? []);
    if ([...values].sort().join() !== [...allowed].sort().join())
      out.push(`${path}: enum ${values.join(', ')} where the reference allows ${allowed.join(', ')}`);
  }
  if (Array.isArray(reference) && reference.length) {
    const items = variants(schema).find((v) => v.items)?.items;
    if (items) out.push(...schemaDiffs(reference[0], items, resource, `${path}[]`));
  }
  if (isObject(reference) && path.split('.').pop() !== 'metadata') {
    const props = Object.assign({}, ...variants(schema).map((v) => v.properties ?? {})) as Record<string, JsonSchema>;
    for (const key of Object.keys(reference)) {
      const p = join(path, key);
      if (!props[key]) out.push(`${p}: not in the schema`);
      else out.push(...schemaDiffs(reference[key], props[key], resource, p));
    }
    for (const key of Object.keys(props)) {
      const p = join(path, key);
      if (!(key in reference) && !ONLY_PRESENT_WHEN.has(p.replace(/^items\[\]\./, '')) && !SIMLINE_EXTRAS.has(`${resource}.${p.replace(/^items\[\]\./, '')}`))
        out.push(`${p}: in the schema, not in the reference`);
    }
  }
  return out;
}
