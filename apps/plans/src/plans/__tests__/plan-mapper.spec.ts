import { describe, expect, it } from '@jest/globals';
import { PlanSchema } from '@simline/contracts';
import type { PlanEntity } from '../plan.entity.js';
import { PLAN_EXAMPLE } from '../plan.examples.js';
import { toPlan } from '../plan.mapper.js';

describe('toPlan', () => {
  const entity: PlanEntity = {
    id: PLAN_EXAMPLE.id,
    project: 'gigs',
    status: 'available',
    name: PLAN_EXAMPLE.name,
    description: PLAN_EXAMPLE.description,
    image: PLAN_EXAMPLE.image,
    provider: 'p5',
    priceAmount: 999,
    priceCurrency: 'USD',
    simTypes: ['eSIM', 'pSIM'],
    allowances: PLAN_EXAMPLE.allowances,
    coverage: PLAN_EXAMPLE.coverage,
    limits: PLAN_EXAMPLE.limits,
    requirements: PLAN_EXAMPLE.requirements,
    validity: PLAN_EXAMPLE.validity,
    metadata: {},
    version: 4,
    createdAt: new Date('2021-01-21T19:38:34Z'),
    updatedAt: new Date('2021-01-22T00:00:00Z'),
  };

  it('renders the reference example, field for field and in its order', () => {
    const plan = toPlan(entity);
    expect(Object.keys(plan)).toEqual(Object.keys(PLAN_EXAMPLE));
    expect({ ...plan, createdAt: PLAN_EXAMPLE.createdAt }).toEqual(PLAN_EXAMPLE);
    expect(plan.createdAt).toBe('2021-01-21T19:38:34.000Z');
    expect(() => PlanSchema.strict().parse(plan)).not.toThrow();
  });

  it('the reference example satisfies the contract schema', () => {
    expect(() => PlanSchema.strict().parse(PLAN_EXAMPLE)).not.toThrow();
  });
});
