import type { RouteDoc } from '@simline/platform';
import { AdvanceClockSchema } from './clock.routes.js';
import { TestClockSchema } from './test-clock.view.js';

const example = {
  object: 'testClock',
  project: 'demo',
  now: '2026-12-01T00:00:00.000Z',
  target: '2026-12-01T00:00:00.000Z',
  status: 'ready',
  updatedAt: '2026-11-22T10:00:03.000Z',
};

/** The gateway's own partner endpoints, merged into /openapi.json with every service's. */
export const CLOCK_API_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/projects/{project}/clock',
    summary: 'Retrieve the test clock',
    description:
      "A sandbox project's simulated time. `status` is `advancing` while an advance still fires due work.",
    tags: ['Test clocks'],
    operationId: 'retrieveTestClock',
    responses: [{ status: 200, description: 'The test clock.', schema: TestClockSchema, example }],
    errors: [401, 403, 404, 429],
  },
  {
    method: 'post',
    path: '/projects/{project}/clock/advance',
    summary: 'Advance the test clock',
    description:
      'Moves simulated time forward to `to`. Every renewal, cut-off, expiry, retry and porting step due on the way fires in due order, in every service. The answer is `ready` when all of it has run; if that takes long, it is `advancing` and a later retrieve reports `ready`.',
    tags: ['Test clocks'],
    operationId: 'advanceTestClock',
    body: AdvanceClockSchema,
    bodyExample: { to: '2026-12-01T00:00:00Z' },
    responses: [
      {
        status: 200,
        description: 'The test clock after (or during) the advance.',
        schema: TestClockSchema,
        example,
      },
    ],
    errors: [401, 403, 404, 409, 422, 429],
  },
];
