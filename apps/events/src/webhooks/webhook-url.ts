import { lookup } from 'node:dns/promises';
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

/**
 * The URL of an `ops webhooks listen` relay: plain http to the IPv4 loopback address with a port, nothing else (no
 * name to resolve, no other private address). Only such a URL makes a listener endpoint, and a listener endpoint
 * only ever sends to such a URL.
 */
export function checkListenerUrl(
  value: string,
): { ok: true; url: URL } | { ok: false; problem: UrlProblem; message: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      ok: false,
      problem: 'invalidUrl',
      message: 'Expected an absolute URL such as http://127.0.0.1:4000/.',
    };
  }
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1' || !url.port || url.username || url.password)
    return {
      ok: false,
      problem: 'privateAddress',
      message: 'A listener relay is http://127.0.0.1:<port>/… on the host of the events service.',
    };
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

// The IANA IPv4 Special-Purpose Address Registry (every entry, also those marked globally reachable: they are
// infrastructure, never a partner's receiver), plus multicast and the reserved 240.0.0.0/4 with broadcast.
const V4_BLOCKS: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (CGN)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.31.196.0', 24], // AS112-v4
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['192.175.48.0', 24], // direct delegation AS112
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255
];

// The IANA IPv6 Special-Purpose Address Registry, plus everything outside global unicast (2000::/3): multicast,
// link- and site-local, unique local, and the deprecated IPv4-compatible form. v4-mapped addresses (::ffff:0:0/96)
// are judged by the IPv4 address they carry.
const V6_BLOCKS: Array<[string, number]> = [
  ['::', 96], // unspecified, loopback, IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // IPv4/IPv6 translation
  ['64:ff9b:1::', 48], // local-use IPv4/IPv6 translation
  ['100::', 64], // discard-only
  ['100:0:0:1::', 64], // dummy prefix
  ['2001::', 23], // IETF protocol assignments (Teredo, benchmarking, ORCHID, AS112, …)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['2620:4f:8000::', 48], // direct delegation AS112
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing (SRv6) SIDs
];
const GLOBAL_UNICAST_V6: [string, number] = ['2000::', 3];

function v4(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** An IPv6 address (any textual form, also with an embedded dotted IPv4 tail) as a 128-bit number. */
export function v6(ip: string): bigint {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

const inV4 = (n: number, [base, bits]: [string, number]) =>
  Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4(base) / 2 ** (32 - bits));
const inV6 = (n: bigint, [base, bits]: [string, number]) =>
  n >> BigInt(128 - bits) === v6(base) >> BigInt(128 - bits);

/** True for addresses that are not on the public internet (and for anything that is not an address). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) {
    const n = v4(address);
    return V4_BLOCKS.some((block) => inV4(n, block));
  }
  if (family === 6) {
    const n = v6(address.replace(/%.*$/, '')); // a zone index (fe80::1%eth0) names a link: internal anyway
    if (n >> 32n === 0xffffn) {
      const m = Number(n & 0xffffffffn);
      return isInternalAddress(`${m >>> 24}.${(m >>> 16) & 255}.${(m >>> 8) & 255}.${m & 255}`);
    }
    return !inV6(n, GLOBAL_UNICAST_V6) || V6_BLOCKS.some((block) => inV6(n, block));
  }
  return true;
}

/**
 * The first non-public address a host name resolves to, or null (also for a literal address, checked by
 * checkWebhookUrl, and for a name that does not resolve now: the connect-time check runs on every delivery).
 * Bounded in time: a slow resolver must not hold a partner's request.
 */
export async function internalAddressOf(hostname: string, timeoutMs = 3_000): Promise<string | null> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const addresses = await Promise.race([
      lookup(host, { all: true, verbatim: true }).catch(() => null),
      timeout,
    ]);
    return addresses?.find((a) => isInternalAddress(a.address))?.address ?? null;
  } finally {
    clearTimeout(timer);
  }
}
