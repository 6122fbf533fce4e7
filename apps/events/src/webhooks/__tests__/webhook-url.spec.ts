import { describe, expect, it } from '@jest/globals';
import { checkWebhookUrl, isInternalAddress } from '../webhook-url.js';

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
  ])('address %s internal: %s', (address, internal) => {
    expect(isInternalAddress(address)).toBe(internal);
  });
});
