import { Inject, Injectable } from '@nestjs/common';
import { routeOwner } from '@simline/platform';
import { createLogger } from '@simline/observability';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { GatewayErrorCode, GatewayException } from '../partner/gateway.exception.js';
import { ServiceDirectory } from '../partner/service-directory.js';

export interface UpstreamResponse {
  status: number;
  // Whatever the service answered: a resource, a list or a Gigs error object.
  body: Record<string, unknown>;
}

/**
 * The dashboard's way to the services: the partner API's own paths (`/projects/{p}/…`), routed by
 * `routeOwner` to the service that owns them, with the internal token and request id as the partner proxy
 * sends them, plus the acting member. The services apply exactly the rules a partner call meets.
 */
@Injectable()
export class DashboardUpstream {
  private readonly log = createLogger('dashboard');

  constructor(
    private readonly services: ServiceDirectory,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async call(
    method: 'GET' | 'POST',
    project: string,
    path: string,
    opts: { requestId: string; actor?: string; body?: unknown },
  ): Promise<UpstreamResponse> {
    const owner = routeOwner(path.split('?')[0]!);
    if (!owner) throw new GatewayException(GatewayErrorCode.NotFound);
    const base = this.services.url(owner);
    if (!base) throw new GatewayException(GatewayErrorCode.ServiceUnavailable);
    const headers: Record<string, string> = {
      'x-simline-internal-token': this.config.INTERNAL_TOKEN,
      'x-request-id': opts.requestId,
    };
    if (opts.actor) headers['x-simline-actor'] = opts.actor;
    if (method === 'POST') headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${base}/projects/${project}${path}`, {
        method,
        headers,
        ...(method === 'POST' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
        signal: AbortSignal.timeout(this.config.PROXY_TIMEOUT_MS),
      });
    } catch (err) {
      this.log.warn({ err, owner, path }, 'upstream service failed');
      throw new GatewayException(
        (err as Error).name === 'TimeoutError'
          ? GatewayErrorCode.GatewayTimeout
          : GatewayErrorCode.ServiceUnavailable,
      );
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new GatewayException(GatewayErrorCode.ServiceUnavailable);
    }
    return { status: res.status, body };
  }
}
