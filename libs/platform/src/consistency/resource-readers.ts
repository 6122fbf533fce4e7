import { Injectable } from '@nestjs/common';
import type { AggregateSnapshot } from '../aggregates/aggregate-registry.js';

/** Reads one resource type of this service for other services' decisions (`/internal/resources/{type}/{id}`). */
export interface ResourceReader {
  type: string;
  get(project: string, id: string): Promise<AggregateSnapshot | null>;
}

/**
 * The resource types this service answers owner reads for, besides its aggregates (which answer by default):
 * users and SIMs in the subscriptions service, for example.
 */
@Injectable()
export class ResourceReaders {
  private readonly readers = new Map<string, ResourceReader>();

  register(reader: ResourceReader): void {
    if (this.readers.has(reader.type)) throw new Error(`resource reader ${reader.type} registered twice`);
    this.readers.set(reader.type, reader);
  }

  get(type: string): ResourceReader | undefined {
    return this.readers.get(type);
  }
}
