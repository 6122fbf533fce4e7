import { DataSource } from 'typeorm';
import { eventTypesMatching, type AnyEventEnvelope } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { internalClient, provisionTopics, startService, tapEvents, waitFor, type RunningService } from '@simline/testing';
import { AppModule } from '../app.module.js';

export type Api = ReturnType<typeof internalClient>;

/** The plans service in this process (own namespace: topics, database), a client with the internal token, and a tap. */
export interface PlansHarness {
  svc: RunningService;
  api: Api;
  ds: DataSource;
  tap?: EventTap;
  close(): Promise<void>;
}

export async function startPlans(opts: { tap?: boolean } = {}): Promise<PlansHarness> {
  await provisionTopics();
  const svc = await startService(AppModule, 'plans');
  const tap = opts.tap ? await tapEvents(eventTypesMatching('plan.*')) : undefined;
  return {
    svc,
    api: internalClient(svc.url),
    ds: svc.app.get(DataSource),
    tap,
    close: async () => {
      await tap?.stop();
      await svc.close();
    },
  };
}

/** The events of one plan seen so far, by sequence. */
export const eventsOf = (tap: EventTap, id: string): AnyEventEnvelope[] =>
  tap.events.filter((e) => e.subject === id).sort((a, b) => a.sequence - b.sequence);

/** Waits until the tap has seen `n` events of the plan. */
export const waitForEvents = (tap: EventTap, id: string, n: number): Promise<AnyEventEnvelope[]> =>
  waitFor(() => {
    const seen = eventsOf(tap, id);
    return seen.length >= n ? seen : undefined;
  }, { what: `${n} events of ${id}` });

/** Error bodies compared without the request id. */
export const withoutRequestId = (body: Record<string, unknown>): Record<string, unknown> => {
  const { requestId: _ignored, ...rest } = body;
  return rest;
};
