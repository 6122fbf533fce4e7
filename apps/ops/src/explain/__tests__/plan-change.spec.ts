import { describe, expect, it } from '@jest/globals';
import type { Output } from '../../lib/output.js';
import { printExplanation } from '../../commands/explain.command.js';
import { summarize, type Explanation } from '../explain.js';

const change = {
  id: 'sch_1',
  plan: 'pln_small',
  previousPlan: 'pln_big',
  effective: 'renewal',
  status: 'scheduled',
  effectiveAt: '2027-04-10T08:00:00.000Z',
  cancelableUntil: '2027-04-10T07:00:00.000Z',
  createdAt: '2027-03-20T08:00:00.000Z',
};

describe('ops explain of a plan change (docs/decisions/0205)', () => {
  it('says what each plan-change event did, and shows the scheduled change in the state', () => {
    const line = summarize({
      id: 'evt_1',
      type: 'subscription.planChangeScheduled',
      subject: 'sub_1',
      sequence: 4,
      time: '2027-03-20T08:00:00.000Z',
      data: { status: 'active', planChange: change },
    } as Parameters<typeof summarize>[0]);
    expect(line).toBe(
      'status=active planChange=pln_big→pln_small renewal scheduled at 2027-04-10T08:00:00.000Z',
    );

    const lines: string[] = [];
    const o: Output = { json: false, out: (l) => lines.push(l), note: () => undefined };
    const x = {
      aggregate: 'subscription',
      id: 'sub_1',
      project: 'demo',
      service: 'subscriptions',
      state: { sequence: 4, data: { status: 'active', planChange: change } },
      history: [],
      why: [],
      jobs: [],
      missingJobs: [],
      deadLetters: [],
    } as unknown as Explanation;
    printExplanation(o, x);
    expect(lines.join('\n')).toContain(
      'now: sequence 4; status="active"  planChange=pln_big→pln_small renewal scheduled at 2027-04-10T08:00:00.000Z',
    );
  });
});
