import { z } from 'zod';
import type { TestClockState } from '@simline/clock';

/** A project's test clock as partners see it. */
export interface TestClockView {
  object: 'testClock';
  project: string;
  /** Simulated now. */
  now: string;
  /** Where the clock is heading; equal to `now` when `ready`. */
  target: string;
  status: 'ready' | 'advancing';
  updatedAt: string;
}

export function toTestClock(s: TestClockState): TestClockView {
  return {
    object: 'testClock',
    project: s.project,
    now: s.now,
    target: s.target,
    status: s.status,
    updatedAt: s.updatedAt,
  };
}

export const TestClockSchema = z.object({
  object: z.literal('testClock'),
  project: z.string(),
  now: z.string().describe('Simulated now (ISO-8601).'),
  target: z.string().describe('Where the clock is heading; equal to `now` when ready.'),
  status: z.enum(['ready', 'advancing']),
  updatedAt: z.string(),
});
