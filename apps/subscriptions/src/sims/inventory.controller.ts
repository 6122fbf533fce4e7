import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import type { Sim } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { parseBody } from '@simline/platform';
import { parseQueryString } from '../common/params.js';
import { PhoneNumbersService } from '../numbers/phone-numbers.service.js';
import { AddNumbersSchema, AddSimsSchema, ProviderIdSchema } from './sim.dto.js';
import { SimsService } from './sims.service.js';

/** Ops endpoints (internal token, not routed by the gateway): pSIMs into inventories, numbers into pools. */
@Controller('internal')
export class InventoryController {
  constructor(
    private readonly sims: SimsService,
    private readonly numbers: PhoneNumbersService,
    private readonly clock: Clock,
  ) {}

  @Post('sims')
  @HttpCode(201)
  async addSims(@Body() body: unknown): Promise<{ object: 'list'; items: Sim[] }> {
    const dto = parseBody(AddSimsSchema, body);
    return { object: 'list', items: await this.sims.addPSims(dto, await this.clock.now(dto.project)) };
  }

  @Post('phoneNumbers')
  @HttpCode(201)
  addNumbers(@Body() body: unknown): Promise<{ added: string[]; existing: string[] }> {
    const dto = parseBody(AddNumbersSchema, body);
    return this.numbers.add(dto.provider, dto.numbers);
  }

  @Get('phoneNumbers')
  pools(@Query() query: unknown): Promise<Array<{ provider: string; available: number; assigned: number }>> {
    const q = parseQueryString(z.strictObject({ provider: ProviderIdSchema.optional() }), query);
    return this.numbers.counts(q.provider);
  }
}
