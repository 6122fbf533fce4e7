import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { cookieOf, sessionCookie } from '../cookies.util.js';

const request = (headers: Record<string, string>, protocol: 'http' | 'https' = 'http') =>
  ({ headers, protocol }) as unknown as FastifyRequest;

describe('the dashboard session cookie', () => {
  it('is httpOnly, SameSite=Strict and scoped to /dashboard; Secure only over TLS', () => {
    const plain = sessionCookie(request({}), 'tok', 60);
    expect(plain).toBe('simline_dashboard=tok; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=60');
    expect(sessionCookie(request({}, 'https'), 'tok', 60)).toMatch(/; Secure$/);
    expect(sessionCookie(request({ 'x-forwarded-proto': 'https' }), 'tok', 60)).toMatch(/; Secure$/);
  });

  it('is cleared at sign-out (empty, Max-Age=0)', () => {
    expect(sessionCookie(request({}), null, 60)).toBe(
      'simline_dashboard=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0',
    );
  });

  it('is read from the Cookie header among others', () => {
    expect(cookieOf(request({ cookie: 'a=1; simline_dashboard=abc; b=2' }), 'simline_dashboard')).toBe('abc');
    expect(cookieOf(request({ cookie: 'xsimline_dashboard=abc' }), 'simline_dashboard')).toBeUndefined();
    expect(cookieOf(request({}), 'simline_dashboard')).toBeUndefined();
  });
});
