import type { Plan, Porting, Sim, User, Voucher } from '@simline/contracts';

// What must hold to create a subscription (the Gigs reference's rules), as a plain function of what the
// request refers to. The service loads those things (locked) and maps a violation to a 4xx.

export type CreateRuleCode =
  | 'userNotFound'
  | 'planNotFound'
  | 'planNotAvailable'
  | 'deviceConflict'
  | 'deviceRequired'
  | 'deviceNotFound'
  | 'deviceModelNotFound'
  | 'eSimNotSupported'
  | 'simNotFound'
  | 'simInUse'
  | 'simNotUsable'
  | 'simTypeNotSupported'
  | 'simProviderMismatch'
  | 'portingNotFound'
  | 'portingUserMismatch'
  | 'portingNotDraft'
  | 'portingInUse'
  | 'userAddressRequired'
  | 'userAddressNotFound'
  | 'userFullNameRequired'
  | 'userBirthdayRequired'
  | 'planNotCompatible'
  | 'planUnchanged'
  | 'voucherNotFound'
  | 'voucherExpired'
  | 'voucherExhausted'
  | 'voucherNotApplicable'
  | 'currencyMismatch';

export class CreateViolation extends Error {
  constructor(
    readonly code: CreateRuleCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CreateViolation';
  }
}

export interface CreateRequest {
  sim: 'auto' | string;
  porting: string | null;
  userAddress: string | null;
  device: string | null;
  deviceModel: string | null;
}

/** What the request's ids resolved to (null: not found in this project). */
export interface CreateContext {
  request: CreateRequest;
  user: Pick<User, 'id' | 'fullName' | 'birthday'> | null;
  plan: Pick<Plan, 'status' | 'simTypes' | 'provider' | 'requirements'> | null;
  /** The SIM given by id, and whether a live subscription uses it. */
  sim: (Pick<Sim, 'type' | 'provider' | 'status'> & { inUse: boolean }) | null;
  porting: (Pick<Porting, 'status' | 'user'> & { inUse: boolean }) | null;
  /** The address given by id, if it belongs to the user. */
  userAddress: { user: string } | null;
  /** Whether the device model given by id is in the catalogue (the plans service owns it). */
  deviceModelFound?: boolean;
}

const fail = (code: CreateRuleCode, message: string, field?: string): never => {
  throw new CreateViolation(code, message, field);
};

/** A plan with voice (null = unlimited) gets a phone number (from the pool, or the ported one). */
export function isVoicePlan(plan: Pick<Plan, 'allowances'>): boolean {
  return plan.allowances.voiceSeconds !== 0;
}

/** Throws the first rule the request breaks; the order is the order a partner would fix them in. */
export function checkCreate(ctx: CreateContext): void {
  const { request, user, plan } = ctx;
  if (!user) fail('userNotFound', 'No user with this id exists in this project.', 'user');
  if (!plan) fail('planNotFound', 'No plan with this id exists in this project.', 'plan');
  if (plan!.status !== 'available')
    fail(
      'planNotAvailable',
      `The plan is ${plan!.status}; only an available plan can be subscribed to.`,
      'plan',
    );
  if (request.device && request.deviceModel)
    fail('deviceConflict', 'Give at most one of `device` and `deviceModel`.', 'deviceModel');
  // Simline keeps no devices of users (only the device model catalogue), so no device id exists.
  if (request.device)
    fail('deviceNotFound', 'No device with this id exists; give the `deviceModel` instead.', 'device');
  if (request.deviceModel && !ctx.deviceModelFound)
    fail('deviceModelNotFound', 'No device model with this id exists.', 'deviceModel');
  if (plan!.requirements.device !== 'none' && !request.device && !request.deviceModel) {
    fail('deviceRequired', 'This plan requires a `device` or a `deviceModel`.', 'device');
  }
  if (plan!.requirements['user.fullName'] !== 'none' && !user!.fullName) {
    fail(
      'userFullNameRequired',
      "This plan requires the user's full name; set `fullName` on the user first.",
      'user',
    );
  }
  if (plan!.requirements['user.birthday'] !== 'none' && !user!.birthday) {
    fail(
      'userBirthdayRequired',
      "This plan requires the user's birthday; set `birthday` on the user first.",
      'user',
    );
  }
  if (request.sim === 'auto') {
    if (!plan!.simTypes.includes('eSIM'))
      fail('eSimNotSupported', 'This plan has no eSIM: give the id of an unused pSIM as `sim`.', 'sim');
  } else {
    const sim = ctx.sim;
    if (!sim) fail('simNotFound', 'No SIM with this id exists in this project.', 'sim');
    if (sim!.inUse) fail('simInUse', 'The SIM is already used by another subscription.', 'sim');
    if (sim!.status !== 'inactive')
      fail('simNotUsable', `The SIM is ${sim!.status}; only an unused SIM can be given.`, 'sim');
    if (!plan!.simTypes.includes(sim!.type))
      fail('simTypeNotSupported', `The plan does not support ${sim!.type}s.`, 'sim');
    if (sim!.provider !== plan!.provider)
      fail(
        'simProviderMismatch',
        `The SIM belongs to provider ${sim!.provider}, the plan to ${plan!.provider}.`,
        'sim',
      );
  }
  if (request.porting !== null) {
    const porting = ctx.porting;
    if (!porting) fail('portingNotFound', 'No porting with this id exists in this project.', 'porting');
    if (porting!.user !== user!.id)
      fail('portingUserMismatch', 'The porting belongs to another user.', 'porting');
    if (porting!.status !== 'draft')
      fail(
        'portingNotDraft',
        `The porting is ${porting!.status}; only a draft porting can be used.`,
        'porting',
      );
    if (porting!.inUse)
      fail('portingInUse', 'The porting is already used by another subscription.', 'porting');
  }
  if (request.userAddress !== null) {
    if (!ctx.userAddress || ctx.userAddress.user !== user!.id)
      fail('userAddressNotFound', 'No address with this id exists for this user.', 'userAddress');
  } else if (plan!.requirements.address !== 'none') {
    fail('userAddressRequired', 'This plan requires an address: give `userAddress`.', 'userAddress');
  }
}

/**
 * A voucher code given at creation, as billing (its owner) holds the voucher now: it must exist, be redeemable at
 * `now` (the project's clock), have redemptions left, be in the plan's currency (a fixed amount), and the project
 * must bill through Simline. Billing then redeems it on `subscription.created`, from the first invoice on.
 */
export function checkVoucher(
  code: string,
  voucher: Pick<Voucher, 'redeemBy' | 'maxRedemptions' | 'timesRedeemed' | 'amountOff' | 'currency'> | null,
  plan: Pick<Plan, 'price'>,
  billing: boolean,
  now: Date,
): void {
  if (!billing)
    fail(
      'voucherNotApplicable',
      'This project does not bill through Simline; vouchers apply to its invoices.',
      'voucherCode',
    );
  if (!voucher)
    fail('voucherNotFound', `No voucher with the code "${code}" exists in this project.`, 'voucherCode');
  if (voucher!.redeemBy && new Date(voucher!.redeemBy).getTime() <= now.getTime())
    fail(
      'voucherExpired',
      `The voucher "${code}" could be redeemed until ${voucher!.redeemBy}.`,
      'voucherCode',
    );
  if (voucher!.maxRedemptions !== null && voucher!.timesRedeemed >= voucher!.maxRedemptions)
    fail(
      'voucherExhausted',
      `The voucher "${code}" was redeemed ${voucher!.timesRedeemed} times, its limit.`,
      'voucherCode',
    );
  if (voucher!.amountOff !== null && voucher!.currency !== plan.price.currency)
    fail(
      'currencyMismatch',
      `The voucher is in ${voucher!.currency}; the plan is priced in ${plan.price.currency}.`,
      'voucherCode',
    );
}
