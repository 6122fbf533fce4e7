import { Injectable } from '@nestjs/common';
import { ApiError, type AnyEventEnvelope, type ServiceName } from '@simline/contracts';
import { newestPerSubject } from '@simline/messaging';
import { createLogger, currentContext } from '@simline/observability';
import { serviceUrl } from '../config.js';

/** A resource as the service that owns it holds it at the moment of the read. */
export interface OwnedResource<T> {
  id: string;
  project: string;
  /** Its version: the `sequence` of the newest event its owner wrote for it. */
  sequence: number;
  data: T;
}

/**
 * The newest snapshot of each resource in a batch of its events, in the shape an owner read gives (plus the
 * event's time): what a replica stores, whichever of the two paths brought it.
 */
export function snapshotsOf<T>(
  events: readonly AnyEventEnvelope[],
): Array<OwnedResource<T> & { time: string }> {
  return newestPerSubject(events).map((e) => ({
    id: e.subject,
    project: e.project,
    sequence: e.sequence,
    data: e.data as T,
    time: e.time,
  }));
}

/** How long a decision waits for the owner before it answers 503 (a wrong 409 or 202 is never an option). */
export const OWNER_READ_TIMEOUT_MS = Number(process.env.OWNER_READ_TIMEOUT_MS ?? 2000);

/**
 * The owner of a resource could not be asked: the request is refused with 503 and `Retry-After`, so the
 * partner retries instead of being told something that may be wrong (docs/decisions/0008).
 */
export class OwnerUnavailableError extends ApiError {
  readonly retryAfterSeconds = 1;
  constructor(type: string, id: string) {
    super(
      503,
      'serviceUnavailable',
      `The ${type} ${id} could not be checked at this moment. Retry the request shortly.`,
      'Wait for the number of seconds in Retry-After, then send the same request again.',
    );
  }
}

const log = createLogger('owner-reads');

/**
 * Reads another service's resource from its owner (`GET /internal/resources/{type}/{id}`), for a decision
 * that must not rest on a replica that may be behind what the partner has already been shown
 * (docs/decisions/0008). Null when the resource does not exist in the project; throws OwnerUnavailableError
 * when the owner cannot answer in time. The only synchronous call between services.
 */
@Injectable()
export class OwnerReads {
  async get<T>(
    owner: Exclude<ServiceName, 'gateway'> | 'gateway',
    type: string,
    project: string,
    id: string,
  ): Promise<OwnedResource<T> | null> {
    const url = `${serviceUrl(owner)}/internal/resources/${encodeURIComponent(type)}/${encodeURIComponent(id)}?project=${encodeURIComponent(project)}`;
    let res: Response;
    try {
      res = await fetch(url, {
        headers: {
          'x-simline-internal-token': process.env.INTERNAL_TOKEN ?? '',
          ...(currentContext().requestId ? { 'x-request-id': currentContext().requestId! } : {}),
        },
        signal: AbortSignal.timeout(OWNER_READ_TIMEOUT_MS),
      });
    } catch (err) {
      log.warn({ err, owner, type, id }, 'owner read failed');
      throw new OwnerUnavailableError(type, id);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel();
      log.warn({ owner, type, id, status: res.status }, 'owner read refused');
      throw new OwnerUnavailableError(type, id);
    }
    const body = (await res.json()) as OwnedResource<T>;
    return body.project === project ? body : null;
  }
}
