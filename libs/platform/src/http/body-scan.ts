/** The deepest nesting of objects and arrays a request body may have; no Simline schema needs more than a few. */
export const MAX_BODY_DEPTH = 32;

export type BodyProblem =
  { kind: 'nul'; path: string } | { kind: 'surrogate'; path: string } | { kind: 'depth'; path: string };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(s: string): 'nul' | 'surrogate' | null {
  if (s.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(s) ? 'surrogate' : null;
}

/**
 * The first thing in a parsed JSON body that no service can store or should walk: the NUL character (PostgreSQL
 * refuses it), a lone UTF-16 surrogate (not a character: `"\ud800"` is valid JSON but no valid text), or nesting
 * deeper than `maxDepth`. Iterative, so that a body of 20,000 levels cannot overflow the stack. `path` is where
 * (`''` for the root), in dotted form.
 */
export function scanBody(value: unknown, maxDepth = MAX_BODY_DEPTH): BodyProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number; key?: string }> = [
    { value, path: '', depth: 0 },
  ];
  while (stack.length) {
    const { value: v, path, depth, key } = stack.pop()!;
    const keyKind = key === undefined ? null : textProblem(key);
    if (keyKind) return { kind: keyKind, path };
    if (typeof v === 'string') {
      const kind = textProblem(v);
      if (kind) return { kind, path };
      continue;
    }
    // Raw bodies (the gateway proxies bytes) are the service's to parse and scan.
    if (!v || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    if (depth >= maxDepth) return { kind: 'depth', path };
    const isArray = Array.isArray(v);
    const entries: Array<[string, unknown]> = isArray
      ? v.map((x, i) => [String(i), x])
      : Object.entries(v as Record<string, unknown>);
    // Pushed in reverse so that the first problem in document order is found first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i]!;
      stack.push({
        value: child,
        path: path ? `${path}.${k}` : k,
        depth: depth + 1,
        ...(isArray ? {} : { key: k }),
      });
    }
  }
  return null;
}
