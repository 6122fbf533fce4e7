import type { Plan, Sim } from '@simline/contracts';
import { CreateViolation, isVoicePlan } from './create-subscription.rules.js';

// Which plan a subscription may change to (docs/decisions/0205), as a plain function of the plans and the SIM.

export type TargetPlan = Pick<
  Plan,
  'id' | 'status' | 'simTypes' | 'provider' | 'validity' | 'price' | 'allowances'
>;

const fail = (
  code: 'planNotFound' | 'planNotAvailable' | 'planNotCompatible' | 'planUnchanged',
  message: string,
): never => {
  throw new CreateViolation(code, message, 'plan');
};

/**
 * The new plan must exist in the project, be available, differ from the current one, and fit what the
 * subscription already has: its SIM (type and provider), its contract's period (the anchor and the minimum term
 * stay), its currency (billing bills the difference), and its phone number (voice or not).
 */
export function checkTargetPlan(
  current: Pick<Plan, 'id' | 'provider' | 'validity' | 'price' | 'allowances'>,
  sim: Pick<Sim, 'type' | 'provider'> | null,
  target: TargetPlan | null,
): asserts target is TargetPlan {
  if (!target) return fail('planNotFound', 'No plan with this id exists in this project.');
  if (target.status !== 'available')
    fail('planNotAvailable', `The plan is ${target.status}; only an available plan can be changed to.`);
  if (target.id === current.id) fail('planUnchanged', 'The subscription is on this plan already.');
  const provider = sim?.provider ?? current.provider;
  if (target.provider !== provider)
    fail(
      'planNotCompatible',
      `The plan is of provider ${target.provider}, the subscription's SIM of ${provider}.`,
    );
  if (sim && !target.simTypes.includes(sim.type))
    fail('planNotCompatible', `The plan does not support the subscription's ${sim.type}.`);
  if (target.validity.unit !== current.validity.unit || target.validity.value !== current.validity.value)
    fail(
      'planNotCompatible',
      `The plan's period (${target.validity.value} ${target.validity.unit}) differs from the subscription's (${current.validity.value} ${current.validity.unit}).`,
    );
  if (target.price.currency !== current.price.currency)
    fail(
      'planNotCompatible',
      `The plan is priced in ${target.price.currency}, the subscription in ${current.price.currency}.`,
    );
  if (isVoicePlan(target) !== isVoicePlan(current))
    fail(
      'planNotCompatible',
      isVoicePlan(target)
        ? 'The plan has voice and the subscription has no phone number; create a new subscription.'
        : 'The plan has no voice and the subscription has a phone number; create a new subscription.',
    );
}
