import { Inject, Injectable } from '@nestjs/common';
import { SCHEMA_VERSION } from '@simline/contracts';
import { createLogger } from '@simline/observability';
import {
  errorResponse,
  mergePaths,
  openApiComponents,
  PLATFORM_OPTIONS,
  serviceOpenApiPaths,
  type PlatformOptions,
} from '@simline/platform';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { ServiceDirectory } from '../partner/service-directory.js';

type Json = Record<string, unknown>;

const GATEWAY_ERRORS: Record<string, string> = {
  '401': 'Missing or invalid API key.',
  '404': 'The resource does not exist in this project.',
  '429': 'Rate limit exceeded; see Retry-After.',
  '503': 'The service behind this endpoint is unavailable; retry.',
};

/**
 * One OpenAPI 3.1 document for the whole partner API: every service's `/internal/openapi` paths, the
 * gateway's own (test clocks), the shared components, and bearer auth. Cached briefly; a service that does
 * not answer is left out and listed in `x-simline-unavailable` (and the document is not cached).
 */
@Injectable()
export class OpenApiService {
  private readonly log = createLogger('openapi');
  private cached?: { at: number; doc: Json };

  constructor(
    private readonly services: ServiceDirectory,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformOptions,
  ) {}

  async document(): Promise<Json> {
    if (this.cached && Date.now() - this.cached.at < this.config.OPENAPI_CACHE_MS) return this.cached.doc;
    const unavailable: string[] = [];
    const parts = await Promise.all(
      Object.entries(this.services.urls()).map(async ([service, url]) => {
        try {
          const res = await fetch(`${url}/internal/openapi`, {
            headers: { 'x-simline-internal-token': this.config.INTERNAL_TOKEN },
            signal: AbortSignal.timeout(3000),
          });
          if (!res.ok) throw new Error(`status ${res.status}`);
          return ((await res.json()) as { paths?: Record<string, Json> }).paths ?? {};
        } catch (err) {
          this.log.warn({ service, err: (err as Error).message }, 'service did not give its OpenAPI paths');
          unavailable.push(service);
          return {} as Record<string, Json>;
        }
      }),
    );
    // Every service's operations and the gateway's own (the test clock), all generated from their controllers.
    const paths = mergePaths(serviceOpenApiPaths(this.platform), ...parts);
    for (const ops of Object.values(paths)) {
      for (const op of Object.values(ops) as Array<{ responses?: Json }>) {
        op.responses ??= {};
        for (const [status, description] of Object.entries(GATEWAY_ERRORS)) {
          op.responses[status] ??= errorResponse(Number(status), description);
        }
      }
    }
    const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
    const tags = [
      ...new Set(
        Object.values(sorted).flatMap((ops) =>
          Object.values(ops).flatMap((o) => (o as { tags?: string[] }).tags ?? []),
        ),
      ),
    ].sort();
    const doc: Json = {
      openapi: '3.1.0',
      info: {
        title: 'Simline API',
        version: SCHEMA_VERSION,
        description:
          'Gigs-compatible connectivity API. Every path is under `/projects/{project}`; authenticate with `Authorization: Bearer <API key>`. Errors are the Gigs error object; POST and DELETE accept an `Idempotency-Key` header.',
      },
      servers: [{ url: '/' }],
      security: [{ bearer: [] }],
      tags: tags.map((name) => ({ name })),
      paths: sorted,
      components: openApiComponents(),
      ...(unavailable.length ? { 'x-simline-unavailable': unavailable.sort() } : {}),
    };
    if (!unavailable.length) this.cached = { at: Date.now(), doc };
    return doc;
  }
}
