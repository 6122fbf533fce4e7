import { randomBytes } from 'node:crypto';

/** Base62 in ASCII order, so that ids compare lexicographically (with "C" collation) in creation order. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TIME_CHARS = 8;
const RANDOM_CHARS = 20;
const RANDOM_SPACE = 62n ** BigInt(RANDOM_CHARS);

export const ID_PREFIXES = {
  plan: 'pln',
  planDocument: 'pdc',
  deviceModel: 'dmd',
  device: 'dev',
  user: 'usr',
  userAddress: 'adr',
  sim: 'sim',
  subscription: 'sub',
  subscriptionChange: 'sch',
  subscriptionAddon: 'sad',
  usage: 'usg',
  addon: 'add',
  voucher: 'vou',
  voucherRedemption: 'vrd',
  porting: 'prt',
  portOut: 'pot',
  serviceProvider: 'svp',
  invoice: 'inv',
  payment: 'pay',
  paymentMethod: 'pm',
  refund: 'ref',
  consentRequest: 'csr',
  event: 'evt',
  webhookEndpoint: 'whe',
  webhookDelivery: 'whd',
  apiKey: 'key',
  dashboardMember: 'mbr',
  request: 'req',
  deadLetter: 'dlq',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type IdPrefix = (typeof ID_PREFIXES)[IdKind];

function encode(value: bigint, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[Number(v % 62n)] + out;
    v /= 62n;
  }
  return out;
}

let lastMs = -1;
let lastRandom = 0n;

/** A new prefixed id, sortable by creation time and monotonic within this process. */
export function newId(kind: IdKind, atMs: number = Date.now()): string {
  let random: bigint;
  if (atMs === lastMs) {
    random = (lastRandom + 1n) % RANDOM_SPACE;
  } else {
    random = BigInt('0x' + randomBytes(15).toString('hex')) % RANDOM_SPACE;
  }
  if (atMs >= lastMs) {
    lastMs = atMs;
    lastRandom = random;
  }
  return `${ID_PREFIXES[kind]}_${encode(BigInt(atMs), TIME_CHARS)}${encode(random, RANDOM_CHARS)}`;
}

// Any length: the reference's own ids (`dmd_123`, 22 characters) are ids; an unknown one is a 404, not a 422.
const ID_BODY = /^[0-9A-Za-z]{1,64}$/;

/** True when `value` looks like an id of this kind (prefix and body); it says nothing about existence. */
export function isId(kind: IdKind, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const prefix = ID_PREFIXES[kind] + '_';
  return value.startsWith(prefix) && ID_BODY.test(value.slice(prefix.length));
}

/** The smallest id of a kind created at or after `ms`: handy for time-range filters on id columns. */
export function idFloorAt(kind: IdKind, ms: number): string {
  return `${ID_PREFIXES[kind]}_${encode(BigInt(ms), TIME_CHARS)}${'0'.repeat(RANDOM_CHARS)}`;
}
