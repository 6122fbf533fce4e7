import { describe, expect, it } from '@jest/globals';
import {
  checkCreate,
  CreateViolation,
  isVoicePlan,
  type CreateContext,
} from '../create-subscription.rules.js';

const none = { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' } as const;

function context(
  patch: Partial<CreateContext> = {},
  request: Partial<CreateContext['request']> = {},
): CreateContext {
  return {
    request: { sim: 'auto', porting: null, userAddress: null, device: null, deviceModel: null, ...request },
    user: { id: 'usr_1', fullName: null, birthday: null },
    plan: { status: 'available', simTypes: ['eSIM', 'pSIM'], provider: 'p5', requirements: none },
    sim: null,
    porting: null,
    userAddress: null,
    ...patch,
  };
}

const code = (ctx: CreateContext): string => {
  try {
    checkCreate(ctx);
    return 'ok';
  } catch (err) {
    if (err instanceof CreateViolation) return err.code;
    throw err;
  }
};

const pSim = { type: 'pSIM' as const, provider: 'p5', status: 'inactive' as const, inUse: false };
const draft = { status: 'draft' as const, user: 'usr_1', inUse: false };

describe('creating a subscription', () => {
  it.each([
    ['an eSIM plan with sim auto', context(), 'ok'],
    ['an unknown user', context({ user: null }), 'userNotFound'],
    ['an unknown plan', context({ plan: null }), 'planNotFound'],
    ['a draft plan', context({ plan: { ...context().plan!, status: 'draft' } }), 'planNotAvailable'],
    ['an archived plan', context({ plan: { ...context().plan!, status: 'archived' } }), 'planNotAvailable'],
    ['both device and deviceModel', context({}, { device: 'dev_1', deviceModel: 'dmd_1' }), 'deviceConflict'],
    [
      'a device plan without device',
      context({ plan: { ...context().plan!, requirements: { ...none, device: 'present' } } }),
      'deviceRequired',
    ],
    [
      'a device plan with a device model',
      context(
        { plan: { ...context().plan!, requirements: { ...none, device: 'present' } }, deviceModelFound: true },
        { deviceModel: 'dmd_1' },
      ),
      'ok',
    ],
    ['a device model the catalogue lacks', context({}, { deviceModel: 'dmd_1' }), 'deviceModelNotFound'],
    ['a device (Simline keeps none)', context({}, { device: 'dev_1' }), 'deviceNotFound'],
    [
      'a full-name plan, user without name',
      context({ plan: { ...context().plan!, requirements: { ...none, 'user.fullName': 'present' } } }),
      'userFullNameRequired',
    ],
    [
      'a verified full-name plan, user with name',
      context({
        plan: { ...context().plan!, requirements: { ...none, 'user.fullName': 'verified' } },
        user: { id: 'usr_1', fullName: 'Jerry Seinfeld', birthday: null },
      }),
      'ok',
    ],
    [
      'a birthday plan, user without birthday',
      context({ plan: { ...context().plan!, requirements: { ...none, 'user.birthday': 'present' } } }),
      'userBirthdayRequired',
    ],
    [
      'a birthday plan, user with birthday',
      context({
        plan: { ...context().plan!, requirements: { ...none, 'user.birthday': 'present' } },
        user: { id: 'usr_1', fullName: null, birthday: '2017-07-21' },
      }),
      'ok',
    ],
    [
      'sim auto on a pSIM-only plan',
      context({ plan: { ...context().plan!, simTypes: ['pSIM'] } }),
      'eSimNotSupported',
    ],
    ['an unused pSIM by id', context({ sim: pSim }, { sim: 'sim_1' }), 'ok'],
    ['an unknown SIM', context({ sim: null }, { sim: 'sim_1' }), 'simNotFound'],
    [
      'a SIM used by another subscription',
      context({ sim: { ...pSim, inUse: true } }, { sim: 'sim_1' }),
      'simInUse',
    ],
    ['an active SIM', context({ sim: { ...pSim, status: 'active' } }, { sim: 'sim_1' }), 'simNotUsable'],
    ['a retired SIM', context({ sim: { ...pSim, status: 'retired' } }, { sim: 'sim_1' }), 'simNotUsable'],
    [
      'a pSIM on an eSIM-only plan',
      context({ sim: pSim, plan: { ...context().plan!, simTypes: ['eSIM'] } }, { sim: 'sim_1' }),
      'simTypeNotSupported',
    ],
    [
      'a SIM of another provider',
      context({ sim: { ...pSim, provider: 'p9' } }, { sim: 'sim_1' }),
      'simProviderMismatch',
    ],
    ['a draft porting of the user', context({ porting: draft }, { porting: 'prt_1' }), 'ok'],
    ['an unknown porting', context({ porting: null }, { porting: 'prt_1' }), 'portingNotFound'],
    [
      "another user's porting",
      context({ porting: { ...draft, user: 'usr_2' } }, { porting: 'prt_1' }),
      'portingUserMismatch',
    ],
    [
      'a requested porting',
      context({ porting: { ...draft, status: 'requested' } }, { porting: 'prt_1' }),
      'portingNotDraft',
    ],
    [
      'a porting used by another subscription',
      context({ porting: { ...draft, inUse: true } }, { porting: 'prt_1' }),
      'portingInUse',
    ],
    [
      'an address plan without address',
      context({ plan: { ...context().plan!, requirements: { ...none, address: 'present' } } }),
      'userAddressRequired',
    ],
    [
      'an address plan with the user’s address',
      context(
        {
          plan: { ...context().plan!, requirements: { ...none, address: 'present' } },
          userAddress: { user: 'usr_1' },
        },
        { userAddress: 'adr_1' },
      ),
      'ok',
    ],
    [
      "another user's address",
      context({ userAddress: { user: 'usr_2' } }, { userAddress: 'adr_1' }),
      'userAddressNotFound',
    ],
    ['an unknown address', context({ userAddress: null }, { userAddress: 'adr_1' }), 'userAddressNotFound'],
  ])('%s → %s', (_name, ctx, expected) => {
    expect(code(ctx)).toBe(expected);
  });

  it.each([
    [30_000, true],
    [0, false],
    [null, true],
  ])('voiceSeconds %s (null: unlimited) → voice plan %s', (voiceSeconds, expected) => {
    expect(isVoicePlan({ allowances: { dataBytes: 1, voiceSeconds, smsMessages: null } })).toBe(expected);
  });
});
