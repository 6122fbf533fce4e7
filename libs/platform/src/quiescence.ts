import type { Admin } from 'kafkajs';
import { currentNamespace, SERVICES } from '@simline/contracts';
import { consumerLag } from '@simline/messaging';
import type { QuiescenceProbe } from '@simline/scheduling';

/** True for the consumer groups of Simline services in this namespace (not taps, not ops tools). */
export function isServiceGroup(group: string, ns = currentNamespace()): boolean {
  const rest = ns ? (group.startsWith(ns + '.') ? group.slice(ns.length + 1) : null) : group;
  if (rest === null) return false;
  return SERVICES.some((s) => rest.startsWith(s + '.'));
}

/** Busy while any service consumer group has messages it has not committed (`admin` connected by the caller). */
export function consumerLagProbe(admin: Admin): QuiescenceProbe {
  return async () => {
    const lags = await consumerLag(admin, (g) => isServiceGroup(g));
    const behind = lags.filter((l) => l.lag > 0);
    return behind.length ? `consumers behind: ${behind.map((l) => `${l.group} (${l.lag})`).join(', ')}` : null;
  };
}

/** Busy while a service (asked over HTTP, as the gateway does) has unpublished outbox rows. */
export function outboxHttpProbe(serviceUrls: Record<string, string>): QuiescenceProbe {
  return async () => {
    const results = await Promise.all(
      Object.entries(serviceUrls).map(async ([service, url]) => {
        const res = await fetch(`${url}/internal/quiescence`, { headers: { 'x-simline-internal-token': process.env.INTERNAL_TOKEN ?? '' } });
        if (!res.ok) return `${service} did not answer the quiescence probe (${res.status})`;
        const { outboxPending } = (await res.json()) as { outboxPending: number };
        return outboxPending > 0 ? `${service} has ${outboxPending} unpublished event(s)` : null;
      }),
    );
    const busy = results.filter((r): r is string => r !== null);
    return busy.length ? busy.join('; ') : null;
  };
}
