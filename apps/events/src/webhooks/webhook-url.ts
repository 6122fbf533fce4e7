import { isIP } from 'node:net';

export type UrlProblem = 'invalidUrl' | 'unsupportedScheme' | 'credentialsInUrl' | 'privateAddress';

/**
 * Partner URLs are on the internet: http or https, no credentials, and not a loopback, private, link-local or
 * otherwise internal address, unless the development setting allows them (WEBHOOKS_ALLOW_PRIVATE_URLS, so that
 * tests can use a local receiver). The same check runs on every address a host name resolves to when we
 * connect (docs/decisions/0703).
 */
export function checkWebhookUrl(
  value: string,
  allowPrivate: boolean,
): { ok: true; url: URL } | { ok: false; problem: UrlProblem; message: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      ok: false,
      problem: 'invalidUrl',
      message: 'Expected an absolute URL such as https://example.com/webhooks.',
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: 'unsupportedScheme', message: 'Webhook URLs must use https (or http).' };
  }
  if (url.username || url.password)
    return { ok: false, problem: 'credentialsInUrl', message: 'Webhook URLs must not contain credentials.' };
  if (!allowPrivate && isInternalHost(url.hostname)) {
    return {
      ok: false,
      problem: 'privateAddress',
      message: 'Webhook URLs must point at a public internet address, not a local or private one.',
    };
  }
  return { ok: true, url };
}

/** A host name or literal address we never call: localhost and the non-public IPv4/IPv6 ranges. */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.internal') ||
    host.endsWith('.local')
  )
    return true;
  return isIP(host) ? isInternalAddress(host) : false;
}

const V4_BLOCKS: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function v4(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** True for addresses that are not on the public internet. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) {
    const n = v4(address);
    return V4_BLOCKS.some(
      ([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4(base) / 2 ** (32 - bits)),
    );
  }
  if (family === 6) {
    const a = address.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (mapped) return isInternalAddress(mapped[1]!);
    // The URL parser writes a mapped IPv4 address in hex (`::ffff:a00:1` for 10.0.0.1).
    const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
    if (hex) {
      const hi = parseInt(hex[1]!, 16);
      const lo = parseInt(hex[2]!, 16);
      return isInternalAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    if (a === '::' || a === '::1') return true;
    const first = parseInt(a.split(':')[0] || '0', 16);
    return (
      (first & 0xfe00) === 0xfc00 /* fc00::/7 */ ||
      (first & 0xffc0) === 0xfe80 /* fe80::/10 */ ||
      (first & 0xff00) === 0xff00
    ); /* multicast */
  }
  return true;
}
