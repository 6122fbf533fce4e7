import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4 (the last release) re-arms a timer on every broker connection after each request even when
 * nothing is pending or throttled: `throttledUntil` starts at -1, so `setTimeout(check, negative)` fires after
 * 1 ms, and the check re-arms itself, for ever (tulios/kafkajs#1556, #1704; fixes proposed in #1667, #1768, not
 * released). Each connection of an idle process thus ran ~1,000 timer callbacks a second: most of the stack's CPU
 * at rest (docs/benchmarks.md). The replacement keeps every case where a check is needed (requests pending,
 * including a marginal throttle, which #1532 fixed) and skips the timer when there is nothing to check: a request
 * that cannot be sent is queued with `push`, which schedules a check, and each completed request checks again.
 */
interface RequestQueueLike {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

const CHECK_PENDING_REQUESTS_INTERVAL = 10; // kafkajs's own interval for pending requests

export function scheduleCheckPendingRequests(this: RequestQueueLike): void {
  if (this.throttleCheckTimeoutId) return;
  let scheduleAt = this.throttledUntil - Date.now();
  if (this.pending.length > 0) scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
  else if (scheduleAt <= 0) return; // nothing pending, not throttled: nothing to check
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, scheduleAt);
}

let applied = false;

/** Installs the replacement on kafkajs's RequestQueue (once per process; every client shares the class). */
export function applyKafkajsIdleFix(): void {
  if (applied) return;
  applied = true;
  const require = createRequire(import.meta.url);
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueueLike };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
}
