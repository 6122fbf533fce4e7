import { serviceUrl, type SERVICE_PORTS } from '@simline/platform';
import { createLogger } from '@simline/observability';

const log = createLogger('read-through');

/**
 * Reads a resource from the service that owns it (its partner path, with the internal token), for a replica
 * miss: the only synchronous call between services. Null when the owner says 404 or cannot be reached.
 */
export async function readFromOwner(
  service: keyof typeof SERVICE_PORTS,
  path: string,
): Promise<unknown | null> {
  try {
    const res = await fetch(`${serviceUrl(service)}${path}`, {
      headers: { 'x-simline-internal-token': process.env.INTERNAL_TOKEN ?? '' },
      signal: AbortSignal.timeout(2000),
    });
    if (!res.ok) return null;
    return await res.json();
  } catch (err) {
    log.debug({ err, service, path }, 'read-through failed');
    return null;
  }
}
