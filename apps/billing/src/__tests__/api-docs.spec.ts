import { describe, expect, it } from '@jest/globals';
import { buildAsyncApiDocument } from '@simline/contracts';
import { openApiPaths, routeOwner } from '@simline/platform';
import { BILLING_API_DOCS } from '../api-docs.js';

describe("billing's partner API documentation", () => {
  it('renders every route as OpenAPI, each with an operation id of its own', () => {
    const paths = openApiPaths(BILLING_API_DOCS) as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    const ops = Object.values(paths).flatMap((p) => Object.values(p));
    expect(ops).toHaveLength(BILLING_API_DOCS.length);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    for (const o of ops) expect(Object.keys(o.responses).length).toBeGreaterThan(0);
  });

  it.each(BILLING_API_DOCS.map((r) => [r.method.toUpperCase(), r.path]))('the gateway routes %s %s to billing', (_method, path) => {
    const rest = path.replace('/projects/{project}', '').replace(/\{[^}]+\}/g, 'x_1');
    expect(routeOwner(rest)).toBe('billing');
  });

  it('publishes the invoice, payment and add-on schemas in the AsyncAPI document', () => {
    const doc = JSON.stringify(buildAsyncApiDocument());
    for (const field of ['amountRemaining', 'failedAttempts', 'failureCode', 'amountRefunded', 'subscriptionAddon', 'endReason']) expect(doc).toContain(field);
  });
});
