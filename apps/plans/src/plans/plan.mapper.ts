import type { Plan } from '@simline/contracts';
import type { PlanEntity } from './plan.entity.js';
import { legacyUsageFields } from './plan-legacy.js';

/** The Plan resource as the API and the events show it, field for field in the reference's order. */
export function toPlan(e: PlanEntity): Plan {
  return {
    object: 'plan',
    id: e.id,
    metadata: e.metadata,
    allowances: e.allowances,
    coverage: e.coverage,
    createdAt: e.createdAt.toISOString(),
    description: e.description,
    image: e.image,
    limits: e.limits,
    name: e.name,
    price: { amount: e.priceAmount, currency: e.priceCurrency },
    provider: e.provider,
    requirements: e.requirements,
    simTypes: e.simTypes,
    status: e.status,
    validity: e.validity,
    ...legacyUsageFields(e.allowances),
  };
}
