import type { Plan } from '@simline/contracts';

export type LegacyUsageFields = Pick<Plan, 'data' | 'dataUnit' | 'sms' | 'smsUnit' | 'voice' | 'voiceUnit'>;

/**
 * The deprecated flat usage fields of the Plan object, derived from `allowances` (never stored): the same
 * amounts in bytes, messages and seconds; null (unlimited) stays null.
 */
export function legacyUsageFields(allowances: Plan['allowances']): LegacyUsageFields {
  return {
    data: allowances.dataBytes,
    dataUnit: 'byte',
    sms: allowances.smsMessages,
    smsUnit: 'message',
    voice: allowances.voiceSeconds,
    voiceUnit: 'second',
  };
}
