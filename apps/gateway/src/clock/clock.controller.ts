import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiRoute, createZodDto, NoQueryDto } from '@simline/platform';
import { PartnerEndpoint } from '../partner/partner-endpoint.js';
import { AdvanceClockDto, SandboxClocks } from './sandbox-clocks.js';
import { TestClockSchema, type TestClockView } from './test-clock.view.js';

/** Any project id: the guard has already matched it to the API key's project (a foreign one is a 404). */
class ClockPathDto extends createZodDto(z.object({ project: z.string().describe('The unique identifier for the project.') })) {}

const tags = ['Test clocks'];
const example = {
  object: 'testClock',
  project: 'demo',
  now: '2026-12-01T00:00:00.000Z',
  target: '2026-12-01T00:00:00.000Z',
  status: 'ready',
  updatedAt: '2026-11-22T10:00:03.000Z',
};

/** A sandbox project's test clock: `GET /projects/{project}/clock` and `POST /projects/{project}/clock/advance`. */
@Controller('projects/:project/clock')
@PartnerEndpoint()
export class ClockController {
  constructor(private readonly clocks: SandboxClocks) {}

  @Get()
  @ApiRoute({
    summary: 'Retrieve the test clock',
    description: "A sandbox project's simulated time. `status` is `advancing` while an advance still fires due work.",
    tags,
    operationId: 'retrieveTestClock',
    responses: [{ status: 200, description: 'The test clock.', schema: TestClockSchema, example }],
    errors: [401, 403, 404, 429],
  })
  get(@Param() { project }: ClockPathDto, @Query() _query: NoQueryDto): Promise<TestClockView> {
    return this.clocks.get(project);
  }

  @Post('advance')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Advance the test clock',
    description:
      'Moves simulated time forward to `to`. Every renewal, cut-off, expiry, retry and porting step due on the way fires in due order, in every service. The answer is `ready` when all of it has run; if that takes long, it is `advancing` and a later retrieve reports `ready`.',
    tags,
    operationId: 'advanceTestClock',
    bodyExample: { to: '2026-12-01T00:00:00Z' },
    responses: [{ status: 200, description: 'The test clock after (or during) the advance.', schema: TestClockSchema, example }],
    errors: [401, 403, 404, 409, 422, 429],
  })
  advance(@Param() { project }: ClockPathDto, @Query() _query: NoQueryDto, @Body() body: AdvanceClockDto): Promise<TestClockView> {
    return this.clocks.advance(project, body.to);
  }
}
