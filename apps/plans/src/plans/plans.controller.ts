import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { Plan } from '@simline/contracts';
import { parseBody } from '@simline/platform';
import { CreatePlanSchema } from './create-plan.dto.js';
import { PlansService } from './plans.service.js';

@Controller('projects/:project/plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @HttpCode(201)
  create(@Param('project') project: string, @Body() body: unknown): Promise<Plan> {
    return this.plans.create(project, parseBody(CreatePlanSchema, body));
  }

  @Get(':plan')
  get(@Param('project') project: string, @Param('plan') id: string): Promise<Plan> {
    return this.plans.get(project, id);
  }
}
