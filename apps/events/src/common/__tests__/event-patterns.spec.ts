import { describe, expect, it } from '@jest/globals';
import { EVENT_TYPES, FEED_EVENT_TYPES, LOGGED_EVENT_TYPES } from '@simline/contracts';
import { patternMatcher, typesOf, typesOfAll } from '../event-patterns.js';

describe('event patterns', () => {
  it('select logged catalogue types: the network usage feed is not an event a partner can list or subscribe to', () => {
    expect(FEED_EVENT_TYPES).toEqual(['usageRecord.reported', 'usageReport.reported']);
    expect(LOGGED_EVENT_TYPES).toHaveLength(EVENT_TYPES.length - 2);
    expect(typesOf('*')).toEqual(LOGGED_EVENT_TYPES);
    expect(typesOf('usageRecord.reported')).toEqual([]);
    expect(typesOf('usageRecord.*')).toEqual([]);
    expect(typesOf('usageReport.reported')).toEqual([]);
    expect([...typesOf('usage.*')].sort()).toEqual(['usage.firstRecorded', 'usage.thresholdReached', 'usage.throttlingChanged']);
    expect(typesOfAll(['*', 'usageRecord.reported'])).not.toContain('usageRecord.reported');
    const matches = patternMatcher(['*']);
    expect([matches('usageRecord.reported'), matches('usageReport.reported'), matches('subscription.created')]).toEqual([false, false, true]);
  });

  it('select nothing for what is not a pattern or not in the catalogue', () => {
    expect(typesOf('subscription')).toEqual([]);
    expect(typesOf('nothing.*')).toEqual([]);
    expect(typesOf('subscription.created')).toEqual(['subscription.created']);
  });
});
