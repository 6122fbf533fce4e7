import { readFileSync } from 'node:fs';

/** Phone numbers from `from` to `to` inclusive (E.164, same length). */
export interface NumberRange {
  from: string;
  to: string;
}

/** What a donor's records say about one of its numbers; given fields must match the port-in's. */
export interface SimulatedAccount {
  phoneNumber: string;
  accountNumber?: string;
  accountPin?: string;
  lastName?: string;
  postalCode?: string;
  birthday?: string;
}

export interface SimulatedDonor {
  /** How long the donor takes to answer a request. */
  answerDelayMinutes: number;
  /** Regular expressions the donor's account numbers and PINs always match. */
  accountNumberPattern: string;
  accountPinPattern: string;
  accounts: SimulatedAccount[];
}

/**
 * The donor-carrier simulator: deterministic outcomes, so tests and sandbox partners know what will happen.
 * Defaults below; `PORTING_SIMULATOR_CONFIG` (inline JSON or a file) is merged over them, donor by donor.
 */
export interface SimulatorConfig {
  donors: Record<string, SimulatedDonor>;
  /** Numbers with port protection at every donor: declined `portingPhoneNumberPortProtected`. */
  portProtected: NumberRange[];
  /** Numbers no donor knows: the port-in fails (`portingPhoneNumberInvalid`). */
  unknownNumbers: NumberRange[];
  portOut: {
    /** How long after credentials are issued the recipient carrier submits them. */
    submitDelayMinutes: number;
    /** Numbers whose recipient never submits (the port-out expires). */
    neverSubmitted: NumberRange[];
    /** Numbers whose recipient submits a wrong PIN (the port-out stays issued until it expires). */
    wrongCredentials: NumberRange[];
  };
}

const usDonor = (answerDelayMinutes: number, accountPinPattern = '^\\d{6}$'): SimulatedDonor => ({
  answerDelayMinutes,
  accountNumberPattern: '^(?!0+$)\\d{9,12}$',
  accountPinPattern,
  accounts: [],
});

export const DEFAULT_SIMULATOR_CONFIG: SimulatorConfig = {
  donors: {
    att: usDonor(120),
    verizon: usDonor(240),
    tmobile: usDonor(60, '^\\d{6,15}$'),
    uscellular: usDonor(180, '^\\d{4,10}$'),
    telekom: { answerDelayMinutes: 24 * 60, accountNumberPattern: '.*', accountPinPattern: '.*', accounts: [] },
  },
  portProtected: [{ from: '+15550199000', to: '+15550199999' }],
  unknownNumbers: [{ from: '+15550198000', to: '+15550198999' }],
  portOut: {
    submitDelayMinutes: 60,
    neverSubmitted: [{ from: '+15550197000', to: '+15550197999' }],
    wrongCredentials: [{ from: '+15550196000', to: '+15550196999' }],
  },
};

/** The defaults with an override (inline JSON or the path of a JSON file) merged over them. */
export function simulatorConfig(override?: string): SimulatorConfig {
  if (!override) return DEFAULT_SIMULATOR_CONFIG;
  const text = override.trim().startsWith('{') ? override : readFileSync(override, 'utf8');
  const o = JSON.parse(text) as Partial<Omit<SimulatorConfig, 'donors' | 'portOut'>> & {
    donors?: Record<string, Partial<SimulatedDonor>>;
    portOut?: Partial<SimulatorConfig['portOut']>;
  };
  const donors = { ...DEFAULT_SIMULATOR_CONFIG.donors };
  for (const [key, d] of Object.entries(o.donors ?? {})) donors[key] = { ...(donors[key] ?? usDonor(60)), ...d };
  return {
    donors,
    portProtected: o.portProtected ?? DEFAULT_SIMULATOR_CONFIG.portProtected,
    unknownNumbers: o.unknownNumbers ?? DEFAULT_SIMULATOR_CONFIG.unknownNumbers,
    portOut: { ...DEFAULT_SIMULATOR_CONFIG.portOut, ...o.portOut },
  };
}

export function inRanges(phoneNumber: string, ranges: readonly NumberRange[]): boolean {
  const n = digits(phoneNumber);
  if (n === null) return false;
  return ranges.some((r) => {
    const from = digits(r.from);
    const to = digits(r.to);
    return from !== null && to !== null && n >= from && n <= to;
  });
}

function digits(e164: string): bigint | null {
  return /^\+\d{1,15}$/.test(e164) ? BigInt(e164.slice(1)) : null;
}
