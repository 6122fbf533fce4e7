import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import type { BillingSettings } from '@simline/contracts';
import { parseBody } from '@simline/platform';
import { UpdateBillingSettingsSchema } from './billing-settings.dto.js';
import { BillingSettingsService } from './billing-settings.service.js';

@Controller('projects/:project/billingSettings')
export class BillingSettingsController {
  constructor(private readonly settings: BillingSettingsService) {}

  @Get()
  get(@Param('project') project: string): Promise<BillingSettings> {
    return this.settings.get(project);
  }

  @Patch()
  update(@Param('project') project: string, @Body() body: unknown): Promise<BillingSettings> {
    return this.settings.update(project, parseBody(UpdateBillingSettingsSchema, body));
  }
}
