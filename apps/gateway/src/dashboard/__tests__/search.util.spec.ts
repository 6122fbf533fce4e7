import { describe, expect, it } from '@jest/globals';
import { searchPlan } from '../search.util.js';

describe('what the dashboard search box reads a query as', () => {
  it.each([
    ['+1 (206) 555-0123', { kind: 'phoneNumber', value: '+12065550123' }],
    ['Kim@Example.COM', { kind: 'email', value: 'kim@example.com' }],
    ['8988 3980 0000 0000 0023', { kind: 'iccid', value: '89883980000000000023' }],
    ['sub_0Vczsmbt3NbYcGX7eZTMZRJ92TfR', { kind: 'subscription', value: 'sub_0Vczsmbt3NbYcGX7eZTMZRJ92TfR' }],
    ['usr_0Vczsmbt3NbYcGX7eZTMZRJ92TfR', { kind: 'user', value: 'usr_0Vczsmbt3NbYcGX7eZTMZRJ92TfR' }],
    ['sim_0Vczsmbt3NbYcGX7eZTMZRJ92TfR', { kind: 'sim', value: 'sim_0Vczsmbt3NbYcGX7eZTMZRJ92TfR' }],
  ])('%s', (q, plan) => expect(searchPlan(q)).toEqual(plan));

  it.each([
    'kim',
    '12065550123',
    '+0123',
    'inv_0Vczsmbt3NbYcGX7eZTMZRJ92TfR',
    '../users',
    '1234567890123456789',
  ])('refuses %s', (q) => expect(searchPlan(q)).toBeNull());
});
