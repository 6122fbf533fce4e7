import type { NetworkDataState, Plan } from '@simline/contracts';

/**
 * What the network should do with a subscription's data given what it used in the current period: stopped past
 * the data cap, throttled past the throttling threshold, normal otherwise. A top-up's data raises both.
 */
export function dataStateFor(
  used: number,
  limits: Plan['limits'],
  topUpBytes: number,
): { state: NetworkDataState; bandwidthBitsPerSecond: number | null } {
  if (limits.dataBytes !== null && used >= limits.dataBytes + topUpBytes)
    return { state: 'dataStopped', bandwidthBitsPerSecond: 0 };
  if (limits.throttling && used >= limits.throttling.thresholdBytes + topUpBytes)
    return { state: 'throttled', bandwidthBitsPerSecond: limits.throttling.bandwidthBitsPerSecond };
  return { state: 'normal', bandwidthBitsPerSecond: null };
}

const SEVERITY: Record<NetworkDataState, number> = { normal: 0, throttled: 1, dataStopped: 2 };
export const isLifted = (from: NetworkDataState, to: NetworkDataState) => SEVERITY[to] < SEVERITY[from];
