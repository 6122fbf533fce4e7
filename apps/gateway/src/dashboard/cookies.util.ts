import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'simline_dashboard';

/** The value of one cookie from the Cookie header (no plugin needed for one cookie we set ourselves). */
export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Behind TLS (directly or at a proxy that says so) the cookie is `Secure`; plain http in development is not. */
export function isTls(req: FastifyRequest): boolean {
  return req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
}

/** httpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), scoped to the dashboard. */
export function sessionCookie(req: FastifyRequest, token: string | null, maxAgeSeconds: number): string {
  const parts = [
    `${SESSION_COOKIE}=${token ?? ''}`,
    'Path=/dashboard',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${token ? maxAgeSeconds : 0}`,
  ];
  if (isTls(req)) parts.push('Secure');
  return parts.join('; ');
}
