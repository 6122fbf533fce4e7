import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** What ties a log line to the request or event that caused it. Carried through Kafka headers. */
export interface TraceContext {
  requestId?: string;
  correlationId?: string;
  causationId?: string;
  project?: string;
  traceparent?: string;
  /** Who acted, when not the partner's API key: `dashboardMember:mbr_…` (the support dashboard). */
  actor?: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

export function runWithContext<T>(ctx: TraceContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...ctx }, fn);
}

export function currentContext(): TraceContext {
  return storage.getStore() ?? {};
}

/** W3C traceparent: version-traceid-parentid-flags. A new span id per hop, the trace id kept. */
export function childTraceparent(parent?: string): string {
  const traceId = parent?.split('-')[1] ?? randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}
