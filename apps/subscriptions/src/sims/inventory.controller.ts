import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import type { Sim } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { PhoneNumbersService } from '../numbers/phone-numbers.service.js';
import { AddNumbersDto, AddSimsDto, NumberPoolsQueryDto } from './sim.dto.js';
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
  async addSims(@Body() dto: AddSimsDto): Promise<{ object: 'list'; items: Sim[] }> {
    return { object: 'list', items: await this.sims.addPSims(dto, await this.clock.now(dto.project)) };
  }

  @Post('phoneNumbers')
  @HttpCode(201)
  addNumbers(@Body() dto: AddNumbersDto): Promise<{ added: string[]; existing: string[] }> {
    return this.numbers.add(dto.provider, dto.numbers);
  }

  @Get('phoneNumbers')
  pools(@Query() query: NumberPoolsQueryDto): Promise<Array<{ provider: string; available: number; assigned: number }>> {
    return this.numbers.counts(query.provider);
  }
}
