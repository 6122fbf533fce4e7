import { timingSafeEqual } from 'node:crypto';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * True when the Authorization header carries the admin credential: `Bearer <ADMIN_TOKEN>` for tooling, or
 * HTTP Basic with the token as password (any user name) so a browser can open the queue dashboard.
 */
export function isAdmin(authorization: string | undefined, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return same(bearer[1]!, token);
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && same(decoded.slice(colon + 1), token);
  }
  return false;
}
