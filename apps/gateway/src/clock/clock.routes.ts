import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ApiError, Timestamp } from '@simline/contracts';
import { parseBody } from '@simline/platform';
import { ProjectsService } from '../projects/projects.service.js';
import { GatewayErrorCode, GatewayException } from '../partner/gateway.exception.js';
import { ClockService } from './clock.service.js';

export const AdvanceClockSchema = z.strictObject({
  to: Timestamp.describe('Where to move the clock (ISO-8601); not before its current time.'),
});

/** `GET /projects/{project}/clock` and `POST /projects/{project}/clock/advance`, answered by the gateway itself. */
@Injectable()
export class ClockRoutes {
  constructor(
    private readonly clocks: ClockService,
    private readonly projects: ProjectsService,
  ) {}

  matches(rest: string): boolean {
    return rest === '/clock' || rest === '/clock/' || rest === '/clock/advance' || rest === '/clock/advance/';
  }

  async handle(
    method: string,
    rest: string,
    project: string,
    body: Buffer | undefined,
  ): Promise<{ status: number; body: unknown }> {
    const advance = rest.startsWith('/clock/advance');
    if ((advance && method !== 'POST') || (!advance && method !== 'GET' && method !== 'HEAD'))
      throw new GatewayException(GatewayErrorCode.NotFound);
    const p = await this.projects.get(project);
    if (!p.sandbox) throw new GatewayException(GatewayErrorCode.SandboxOnly);
    if (!advance) return { status: 200, body: await this.clocks.get(project) };
    const input = parseBody(AdvanceClockSchema, parseJson(body));
    return { status: 200, body: await this.clocks.advance(project, new Date(input.to)) };
  }
}

function parseJson(body: Buffer | undefined): unknown {
  if (!body?.length) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError(400, 'invalidJson', 'The request body is not valid JSON.');
  }
}
