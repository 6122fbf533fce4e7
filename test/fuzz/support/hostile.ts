// Hostile values for the API fuzzer: strings and numbers that break naive code, and values of the wrong JSON
// type for a JSON Schema node (from the merged OpenAPI document).
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Strings that have broken real systems: SQL and script injection, path tricks, odd unicode, sizes. */
export const NASTY_STRINGS: readonly string[] = [
  "' OR '1'='1' --",
  "'; DROP TABLE subscriptions; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '$$; DELETE FROM users; $$',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%00%0d%0aSet-Cookie: x=1',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Egnp.exe',
  'z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035A',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\u200B\u200C\u200D\uFEFF',
  'Ω≈ç√∫˜µ≤≥÷',
  '田中さんにあげて下さい',
  'ثم نفس سقطت وبالتحديد',
  ' ',
  '',
  '\t\n\r',
  '%s%s%s%n',
  '1e309',
  '-0',
  'NaN',
  'sub_' + '0'.repeat(28),
  'x'.repeat(10_000),
  '😀'.repeat(5_000),
];

export const NASTY_NUMBERS: readonly number[] = [
  -1,
  -0.5,
  0.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  2 ** 31,
  2 ** 63,
  1e-300,
];

export const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 200, maxLength: 2000 }) },
  );

export const nastyNumber = (): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(...NASTY_NUMBERS),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
  );

/** Any JSON value, hostile leaves included. */
export const anyJson = (): fc.Arbitrary<Json> =>
  fc.letrec<{ json: Json }>((tie) => ({
    json: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      nastyNumber(),
      nastyString(),
      fc.array(tie('json'), { maxLength: 5 }),
      fc.dictionary(
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', '$where', '')),
        tie('json'),
        {
          maxKeys: 5,
        },
      ),
    ),
  })).json;

// ---- JSON Schema ------------------------------------------------------------------------------------------

export interface SchemaNode {
  type?: string | string[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  enum?: Json[];
  const?: Json;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

type JsonType = 'null' | 'boolean' | 'number' | 'integer' | 'string' | 'array' | 'object';
const ALL_TYPES: JsonType[] = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];

const typeOf = (v: Json): JsonType =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'number'
        : (typeof v as JsonType);

/** The JSON types a schema node accepts, or null when it accepts anything. */
export function allowedTypes(node: SchemaNode | undefined): Set<JsonType> | null {
  if (!node) return null;
  const alternatives = node.anyOf ?? node.oneOf;
  if (alternatives) {
    const out = new Set<JsonType>();
    for (const a of alternatives) {
      const t = allowedTypes(a);
      if (!t) return null;
      t.forEach((x) => out.add(x));
    }
    return out;
  }
  if (node.allOf?.length) return allowedTypes(node.allOf[0]);
  if (node.const !== undefined) return new Set([typeOf(node.const)]);
  if (node.enum) return new Set(node.enum.map(typeOf));
  if (node.type) {
    const types = (Array.isArray(node.type) ? node.type : [node.type]) as JsonType[];
    const out = new Set(types);
    if (out.has('number')) out.add('integer');
    return out;
  }
  return null;
}

const SAMPLE: Record<JsonType, Json> = {
  null: null,
  boolean: true,
  number: 0.5,
  integer: 7,
  string: "' OR 1=1 --",
  array: [1, 'two', null],
  object: { nested: { deeper: ['x'] } },
};

/** Values of a JSON type the node does not accept (empty when it accepts every type). */
export function wrongTypeValues(node: SchemaNode | undefined): Json[] {
  const allowed = allowedTypes(node);
  if (!allowed) return [];
  return ALL_TYPES.filter((t) => !allowed.has(t) && !(t === 'integer' && allowed.has('number'))).map(
    (t) => SAMPLE[t],
  );
}
