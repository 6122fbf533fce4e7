import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { paginationQuerySchema, parsePage, toPage, type ListPage, type ServiceProvider } from '@simline/contracts';
import { parseQuery } from '@simline/platform';
import { CARRIERS, toServiceProvider } from '../carriers/carrier-catalogue.js';

export const ListServiceProvidersQuerySchema = paginationQuerySchema
  .extend({
    /** Only donors that can port numbers to this provider of ours. */
    recipientProvider: z.string().min(1).max(64).optional(),
  })
  .strict();

/** The carriers numbers can be ported from (and our own networks), newest id first like every list. */
@Controller('projects/:project/serviceProviders')
export class ServiceProvidersController {
  @Get()
  list(@Param('project') _project: string, @Query() query: unknown): ListPage<ServiceProvider> {
    const q = parseQuery(ListServiceProvidersQuerySchema, query);
    const page = parsePage(q, 'serviceProvider');
    const all = CARRIERS.filter((c) => !q.recipientProvider || (c.kind === 'donor' && c.recipientProviders.includes(q.recipientProvider)))
      .map(toServiceProvider)
      .sort((a, b) => (a.id < b.id ? 1 : -1));
    let rows = all;
    if (page.after) rows = all.filter((p) => p.id < page.after!);
    if (page.before) rows = all.filter((p) => p.id > page.before!).reverse();
    const cursor = page.after ?? page.before;
    const hasOtherSide = cursor ? all.some((p) => (page.after ? p.id >= cursor : p.id <= cursor)) : false;
    return toPage(rows.slice(0, page.limit + 1), page, hasOtherSide);
  }
}
