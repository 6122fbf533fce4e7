import { describe, expect, it } from '@jest/globals';
import { lostProducerState } from '../relay.js';

describe("the relay knows when the broker lost its producer's state", () => {
  it('for an out-of-order sequence, an unknown producer id or a fenced epoch, also wrapped by kafkajs retries', () => {
    expect(lostProducerState({ type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' })).toBe(true);
    expect(lostProducerState({ type: 'UNKNOWN_PRODUCER_ID' })).toBe(true);
    expect(
      lostProducerState({
        name: 'KafkaJSNumberOfRetriesExceeded',
        originalError: { type: 'INVALID_PRODUCER_EPOCH' },
      }),
    ).toBe(true);
  });

  it('not for a broker that is away or any other failure', () => {
    expect(lostProducerState({ type: 'LEADER_NOT_AVAILABLE' })).toBe(false);
    expect(lostProducerState(new Error('Connection error: connect ECONNREFUSED'))).toBe(false);
    expect(lostProducerState(undefined)).toBe(false);
  });
});
