import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { listSchema, paginationQuerySchema, parsePage, ServiceProviderSchema, toPage, type ListPage, type ServiceProvider } from '@simline/contracts';
import { ApiRoute, createZodDto } from '@simline/platform';
import { CARRIERS, toServiceProvider } from '../carriers/carrier-catalogue.js';

const ListServiceProvidersQuerySchema = paginationQuerySchema
  .extend({
    /** Only donors that can port numbers to this provider of ours. */
    recipientProvider: z.string().min(1).max(64).optional(),
  })
  .strict();
class ListServiceProvidersQueryDto extends createZodDto(ListServiceProvidersQuerySchema) {}

/** The carriers numbers can be ported from (and our own networks), newest id first like every list. */
@Controller('projects/:project/serviceProviders')
export class ServiceProvidersController {
  @Get()
  @ApiRoute({
    summary: 'List all service providers',
    description: 'The carriers numbers can be ported from (donors) and our own networks. `recipientProvider` keeps the donors that can port to that provider.',
    tags: ['Portings'],
    responses: [
      {
        status: 200,
        description: 'A list of service providers.',
        schema: listSchema(ServiceProviderSchema),
        example: { object: 'list', items: CARRIERS.slice(0, 2).map(toServiceProvider), moreItemsAfter: null, moreItemsBefore: null },
      },
    ],
    errors: [401, 422],
  })
  list(@Param('project') _project: string, @Query() q: ListServiceProvidersQueryDto): ListPage<ServiceProvider> {
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
