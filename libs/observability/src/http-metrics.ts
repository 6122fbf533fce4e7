import type { FastifyInstance } from 'fastify';
import { runWithContext } from './context.js';
import { counter, histogram, LATENCY_BUCKETS } from './metrics.js';

const LABELS = ['service', 'route', 'method', 'status_class'];
const requests = counter(
  'http_requests_total',
  'HTTP requests answered, by route template, method and status class',
  LABELS,
);
const errors = counter('http_request_errors_total', 'HTTP requests answered with a 4xx or 5xx', LABELS);
const duration = histogram(
  'http_request_duration_seconds',
  'Request received to response sent',
  LABELS,
  LATENCY_BUCKETS,
);

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** The label for requests no route matched (never the raw URL: ids would make a series per resource). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Per request: its id in the log context from the first hook on (so every line logged while it is handled
 * carries it, the error filter's too), and the HTTP metrics by route template when it is answered.
 */
export function instrumentHttp(fastify: FastifyInstance, service: string): void {
  fastify.addHook('onRequest', (req, _reply, done) => runWithContext({ requestId: String(req.id) }, done));
  // The body is parsed in the request stream's callbacks, outside the context: entered again before the handler.
  fastify.addHook('preValidation', (req, _reply, done) =>
    runWithContext({ requestId: String(req.id) }, done),
  );
  fastify.addHook('onResponse', (req, reply, done) => {
    const status = reply.statusCode;
    const labels = {
      service,
      route: req.routeOptions.url ?? UNMATCHED_ROUTE,
      method: METHODS.has(req.method) ? req.method : 'OTHER',
      status_class: `${Math.floor(status / 100)}xx`,
    };
    requests.inc(labels);
    if (status >= 400) errors.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
