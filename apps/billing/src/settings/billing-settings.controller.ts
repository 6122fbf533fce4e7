import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { BillingSettingsSchema, type BillingSettings } from '@simline/contracts';
import { ApiRoute } from '@simline/platform';
import { BILLING_SETTINGS_EXAMPLE } from '../billing.examples.js';
import { UpdateBillingSettingsDto } from './billing-settings.dto.js';
import { BillingSettingsService } from './billing-settings.service.js';

const tags = ['Billing'];
const ok = { status: 200, description: 'OK', schema: BillingSettingsSchema, example: BILLING_SETTINGS_EXAMPLE };

@Controller('projects/:project/billingSettings')
export class BillingSettingsController {
  constructor(private readonly settings: BillingSettingsService) {}

  @Get()
  @ApiRoute({ summary: 'Retrieve billing settings', description: 'Billing on/off and currency (the project settings) and the dunning settings of the project.', tags, responses: [ok] })
  get(@Param('project') project: string): Promise<BillingSettings> {
    return this.settings.get(project);
  }

  @Patch()
  @ApiRoute({
    summary: 'Update the dunning settings',
    description: 'Retry schedule (ISO-8601 offsets after the due time), grace period and the first invoice’s payment window. They apply to invoices finalized from now on.',
    tags,
    bodyExample: { retrySchedule: ['P1D', 'P3D', 'P5D'], gracePeriod: 'P0D' },
    responses: [ok],
    errors: [422],
  })
  update(@Param('project') project: string, @Body() body: UpdateBillingSettingsDto): Promise<BillingSettings> {
    return this.settings.update(project, body);
  }
}
