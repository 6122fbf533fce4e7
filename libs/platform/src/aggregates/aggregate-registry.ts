import { Injectable } from '@nestjs/common';

/** A resource as its owner holds it now. */
export interface AggregateSnapshot {
  id: string;
  project: string;
  /** The resource's version: the `sequence` of the latest event its owner wrote for it. */
  sequence: number;
  /** The resource as its events carry it (the events' `data`). */
  data: unknown;
}

/** Work the owner's database says is pending for a resource (what `ops explain` shows next to the queues). */
export interface ScheduledWork {
  job: string;
  id: string;
  dueAt: string;
}

/**
 * What a service offers ops for one of its aggregate types, so that reconciliation, `explain` and repair work
 * the same way for every resource (docs/decisions/0704). Register it at module init:
 * `registry.register({ type: 'subscription', list, get, republish })`.
 */
export interface AggregateSource {
  /** The catalogue aggregate (`EventSpec.aggregate`): `subscription`, `porting`, `invoice`, `consentRequest`… */
  type: string;
  /** Resources in id order after `after` (all projects when none is given), at most `limit`. */
  list(q: { project?: string; after?: string; limit: number }): Promise<AggregateSnapshot[]>;
  get(id: string): Promise<AggregateSnapshot | null>;
  /**
   * Re-emits the current state of these resources: for each, one event with the next sequence and the whole
   * resource, written through the service's own outbox in the transaction that bumps its version. Returns
   * the resources as they are after that (unknown ids are left out).
   */
  republish(ids: string[]): Promise<AggregateSnapshot[]>;
  scheduled?(id: string): Promise<ScheduledWork[]>;
}

/** The aggregate types this service registered. */
@Injectable()
export class AggregateRegistry {
  private readonly sources = new Map<string, AggregateSource>();

  register(source: AggregateSource): void {
    if (this.sources.has(source.type)) throw new Error(`Aggregate type ${source.type} is registered twice`);
    this.sources.set(source.type, source);
  }

  get(type: string): AggregateSource | undefined {
    return this.sources.get(type);
  }

  types(): string[] {
    return [...this.sources.keys()].sort();
  }
}
