import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { buildAsyncApiDocument } from '@simline/contracts';
import { generateOpenApiPaths, routeOwner, undocumentedRoutes } from '@simline/platform';
import { AddonsController, SubscriptionAddonsController } from '../addons/addons.controller.js';
import { InvoicesController } from '../invoices/invoices.controller.js';
import { PaymentMethodsController, PaymentsController, RefundsController } from '../payments/payments.controller.js';
import { BillingSettingsController } from '../settings/billing-settings.controller.js';

const CONTROLLERS: Type[] = [AddonsController, SubscriptionAddonsController, InvoicesController, PaymentsController, PaymentMethodsController, RefundsController, BillingSettingsController];

type Operation = { operationId: string; responses: Record<string, { content?: Record<string, { example?: unknown }> }> };

describe("billing's partner API documentation", () => {
  let app: INestApplication;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    // The controllers alone, their services stubbed: the document depends on the routes and decorators only.
    const services = new Set(CONTROLLERS.flatMap((c) => (Reflect.getMetadata('design:paramtypes', c) ?? []) as Type[]));
    @Module({ controllers: CONTROLLERS, providers: [...services].map((s) => ({ provide: s, useValue: {} })) })
    class DocsOnly {}
    app = await NestFactory.create(DocsOnly, new FastifyAdapter(), { logger: false });
    await app.init();
    paths = generateOpenApiPaths(app) as typeof paths;
  });
  afterAll(() => app?.close());

  it('documents every route, each with an operation id of its own and an example for every response', () => {
    expect(undocumentedRoutes(app, paths)).toEqual({ withoutOperation: [], withoutRoute: [] });
    const ops = Object.values(paths).flatMap((p) => Object.values(p));
    expect(ops).toHaveLength(22);
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    for (const o of ops)
      for (const [status, res] of Object.entries(o.responses)) expect({ op: o.operationId, status, example: res.content?.['application/json']?.example !== undefined }).toEqual({ op: o.operationId, status, example: true });
  });

  it('the gateway routes every documented path to billing', () => {
    for (const [path, ops] of Object.entries(paths)) {
      const rest = path.replace('/projects/{project}', '').replace(/\{[^}]+\}/g, 'x_1');
      expect({ path, methods: Object.keys(ops), owner: routeOwner(rest) }).toEqual({ path, methods: Object.keys(ops), owner: 'billing' });
    }
  });

  it('publishes the invoice, payment and add-on schemas in the AsyncAPI document', () => {
    const doc = JSON.stringify(buildAsyncApiDocument());
    for (const field of ['amountRemaining', 'failedAttempts', 'failureCode', 'amountRefunded', 'subscriptionAddon', 'endReason']) expect(doc).toContain(field);
  });
});
