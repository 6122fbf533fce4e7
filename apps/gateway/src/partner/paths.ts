/**
 * True when a raw request path could be rewritten by URL normalisation on its way to a service: dot
 * segments (also percent-encoded) and backslashes. `/projects/mine/../theirs/plans` must never reach
 * `/projects/theirs/plans`, so such paths are answered 404 before anything else looks at them.
 */
export function isUnsafePath(rawUrl: string): boolean {
  const q = rawUrl.indexOf('?');
  const path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  return /(^|\/)(\.|%2e){1,2}(\/|$)/i.test(path) || /\\|%5c/i.test(path);
}

/** The partner path after `/projects/{project}`, e.g. `/plans/pln_…` (always starts with `/`). */
export function pathAfterProject(wildcard: string | undefined): string {
  return '/' + (wildcard ?? '');
}

/**
 * True when every percent-escape of a raw URL is well formed and decodes to UTF-8 (`%`, `%zz`, `%ff` and a
 * truncated `%E0%A4%A` are not): a URL that is not is the partner's mistake, answered 400 before it is proxied.
 */
export function hasValidEscapes(rawUrl: string): boolean {
  try {
    decodeURIComponent(rawUrl);
    return true;
  } catch {
    return false;
  }
}
