import { SIM_TYPES, type Plan } from '@simline/contracts';

type SimType = Plan['simTypes'][number];

/** What a device model can use: network providers and SIM types. */
export interface DeviceCapabilities {
  providers: readonly string[];
  simTypes: readonly SimType[];
}

/**
 * A plan is compatible with a device when the device supports the plan's provider and at least one SIM
 * type that both the plan and the device support (docs/decisions/0103).
 */
export function isCompatible(plan: Pick<Plan, 'provider' | 'simTypes'>, device: DeviceCapabilities): boolean {
  return device.providers.includes(plan.provider) && plan.simTypes.some((t) => device.simTypes.includes(t));
}

/** The providers (null: every provider) and SIM types a plan must offer to match a search. */
export interface PlanConstraints {
  providers: string[] | null;
  simTypes: SimType[];
}

/**
 * Folds the search filters and every device requirement into one set of constraints, so the database
 * does the matching: the provider must be allowed by the filter and by every device, and one SIM type
 * must be allowed by the filter and by every device.
 */
export function searchConstraints(filters: { provider?: readonly string[] | null; simType?: readonly SimType[] | null }, devices: readonly DeviceCapabilities[]): PlanConstraints {
  let providers: string[] | null = filters.provider ? [...new Set(filters.provider)] : null;
  let simTypes: SimType[] = filters.simType ? [...new Set(filters.simType)] : [...SIM_TYPES];
  for (const d of devices) {
    providers = (providers ?? [...d.providers]).filter((p) => d.providers.includes(p));
    simTypes = simTypes.filter((t) => d.simTypes.includes(t));
  }
  return { providers, simTypes };
}

/** True when no plan can match (the search can answer an empty list without a query). */
export const matchesNothing = (c: PlanConstraints): boolean => c.simTypes.length === 0 || (c.providers !== null && c.providers.length === 0);

/** The constraints applied to one plan; the SQL of the search does the same. */
export function planMatches(plan: Pick<Plan, 'provider' | 'simTypes'>, c: PlanConstraints): boolean {
  return (c.providers === null || c.providers.includes(plan.provider)) && plan.simTypes.some((t) => c.simTypes.includes(t));
}
