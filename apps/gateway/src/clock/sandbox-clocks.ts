import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Timestamp } from '@simline/contracts';
import { createZodDto } from '@simline/platform';
import { GatewayErrorCode, GatewayException } from '../partner/gateway.exception.js';
import { ProjectsService } from '../projects/projects.service.js';
import { ClockService } from './clock.service.js';
import type { TestClockView } from './test-clock.view.js';

export const AdvanceClockSchema = z.strictObject({
  to: Timestamp.describe('Where to move the clock (ISO-8601); not before its current time.'),
});

export class AdvanceClockDto extends createZodDto(AdvanceClockSchema) {}

/** Test clocks exist for sandbox projects only: the partner endpoints and the admin API (ops) read and advance them here. */
@Injectable()
export class SandboxClocks {
  constructor(
    private readonly clocks: ClockService,
    private readonly projects: ProjectsService,
  ) {}

  async get(project: string): Promise<TestClockView> {
    await this.sandboxOnly(project);
    return this.clocks.get(project);
  }

  async advance(project: string, to: string): Promise<TestClockView> {
    await this.sandboxOnly(project);
    return this.clocks.advance(project, new Date(to));
  }

  private async sandboxOnly(project: string): Promise<void> {
    if (!(await this.projects.get(project)).sandbox) throw new GatewayException(GatewayErrorCode.SandboxOnly);
  }
}
