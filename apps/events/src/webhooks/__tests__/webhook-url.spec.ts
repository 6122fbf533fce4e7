import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { checkWebhookUrl, internalAddressOf, isInternalAddress, v6 } from '../webhook-url.js';
import { WebhookSender } from '../webhook-sender.js';

describe('checkWebhookUrl', () => {
  it.each([
    ['https://hooks.example.com/simline', true],
    ['http://hooks.example.com:8080/x?y=1', true],
    ['ftp://hooks.example.com/', 'unsupportedScheme'],
    ['not a url', 'invalidUrl'],
    ['https://user:pw@hooks.example.com/', 'credentialsInUrl'],
    ['http://localhost:3000/hook', 'privateAddress'],
    ['http://api.localhost/hook', 'privateAddress'],
    ['http://127.0.0.1/hook', 'privateAddress'],
    ['http://10.1.2.3/hook', 'privateAddress'],
    ['http://172.20.0.1/hook', 'privateAddress'],
    ['http://192.168.1.1/hook', 'privateAddress'],
    ['http://169.254.169.254/latest/meta-data', 'privateAddress'],
    ['http://[::1]/hook', 'privateAddress'],
    ['http://[fd00::1]/hook', 'privateAddress'],
    ['http://[::ffff:10.0.0.1]/hook', 'privateAddress'],
    ['http://192.0.2.10/hook', 'privateAddress'],
    ['http://198.51.100.7/hook', 'privateAddress'],
    ['http://203.0.113.99/hook', 'privateAddress'],
    ['http://[2001:db8::1]/hook', 'privateAddress'],
    ['http://[::ffff:192.0.2.1]/hook', 'privateAddress'],
    ['http://[::ffff:127.0.0.1]/hook', 'privateAddress'],
    ['http://[::127.0.0.1]/hook', 'privateAddress'],
    ['http://2130706433/hook', 'privateAddress'],
    ['http://0x7f.1/hook', 'privateAddress'],
    ['http://0/hook', 'privateAddress'],
    ['http://[64:ff9b::7f00:1]/hook', 'privateAddress'],
    ['http://[2002:7f00:1::]/hook', 'privateAddress'],
    ['http://[3fff::1]/hook', 'privateAddress'],
    ['http://255.255.255.255/hook', 'privateAddress'],
    ['http://172.32.0.1/hook', true],
    ['http://8.8.8.8/hook', true],
  ])('%s → %s', (url, expected) => {
    const r = checkWebhookUrl(url, false);
    expect(r.ok ? true : r.problem).toBe(expected);
  });

  it('lets the development setting allow local receivers', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4000/hook', true).ok).toBe(true);
    expect(checkWebhookUrl('ftp://127.0.0.1/', true).ok).toBe(false);
  });

  it.each([
    ['93.184.216.34', false],
    ['100.64.0.1', true],
    ['2606:4700::1111', false],
    ['fe80::1', true],
    ['::', true],
    ['::1', true],
    ['0.0.0.0', true],
    ['192.0.2.1', true],
    ['198.51.100.1', true],
    ['203.0.113.1', true],
    ['198.19.255.255', true],
    ['192.88.99.1', true],
    ['224.0.0.1', true],
    ['2001:db8:ffff::1', true],
    ['2001:0db8::1', true],
    ['2001::1', true],
    ['2001:1ff::1', true],
    ['2001:4860:4860::8888', false],
    ['2002::1', true],
    ['fc00::1', true],
    ['fec0::1', true],
    ['ff02::1', true],
    ['100::1', true],
    ['::ffff:8.8.8.8', false],
    ['::ffff:10.0.0.1', true],
    ['::ffff:c000:201', true],
    ['::ffff:0:c000:201', true],
    ['64:ff9b::808:808', true],
    ['4000::1', true],
    ['not an address', true],
  ])('address %s internal: %s', (address, internal) => {
    expect(isInternalAddress(address)).toBe(internal);
  });

  it('parses every textual form of IPv6', () => {
    expect(v6('::1')).toBe(1n);
    expect(v6('2001:db8::')).toBe(0x20010db8n << 96n);
    expect(v6('::ffff:1.2.3.4')).toBe((0xffffn << 32n) | 0x01020304n);
    expect(v6('1:2:3:4:5:6:7:8')).toBe(0x00010002000300040005000600070008n);
  });
});

describe('host names that resolve to non-public addresses', () => {
  it("finds the internal address of this machine's name and of localhost, and none for a literal", async () => {
    expect(await internalAddressOf(hostname())).toEqual(expect.any(String));
    expect(await internalAddressOf('localhost')).toEqual(expect.any(String));
    expect(await internalAddressOf('8.8.8.8')).toBeNull();
    expect(await internalAddressOf('does-not-resolve.invalid')).toBeNull();
  });
});

describe('WebhookSender refuses non-public destinations at connect time', () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('for a name resolving to loopback, and reaches it only with the development switch', async () => {
    const strict = new WebhookSender({ allowPrivate: false, timeoutMs: 2_000 });
    const loose = new WebhookSender({ allowPrivate: true, timeoutMs: 2_000 });
    try {
      for (const url of [
        `http://${hostname()}:${port}/h`,
        `http://localhost:${port}/h`,
        `http://127.0.0.1:${port}/h`,
      ]) {
        const r = await strict.send(url, {}, '{}');
        expect([url, r.responseStatus, r.error]).toEqual([
          url,
          null,
          expect.stringMatching(/non-public|public internet/),
        ]);
      }
      expect(hits).toBe(0);
      const ok = await loose.send(`http://${hostname()}:${port}/h`, {}, '{}');
      expect([ok.responseStatus, hits]).toEqual([200, 1]);
    } finally {
      await strict.close();
      await loose.close();
    }
  });
});
