import { PORTING_REQUIRED_FIELDS, type Porting } from '@simline/contracts';
import { DEFAULT_REQUIRED_FIELDS, type CarrierProfile, type PortingField } from '../carriers/carrier-catalogue.js';
import type { DeclineCode } from '../carriers/donor-carrier.port.js';

export type PortingStatus = Porting['status'];

/** The fields of a port-in that its rules look at (no PIN: only whether one is set). */
export interface PortingFacts {
  accountNumber: string | null;
  accountPinExists: boolean;
  address: unknown;
  birthday: string | null;
  donorProviderApproval: boolean | null;
  firstName: string | null;
  lastName: string | null;
  /** Fields the donor's last decline pointed at and that have not been changed since. */
  invalidFields: readonly PortingField[];
}

export const DECLINE_MESSAGES: Record<DeclineCode, string> = {
  portingAccountNumberRequiredOrInvalid: 'The account number is missing or does not match the account at the donor provider.',
  portingAccountPinRequiredOrInvalid: 'The account PIN is missing or does not match the account at the donor provider.',
  portingAddressRequiredOrInvalid: 'The address is missing or does not match the account at the donor provider.',
  portingBirthdayRequiredOrInvalid: 'The birthday is missing or does not match the account at the donor provider.',
  portingNameRequiredOrInvalid: 'The name is missing or does not match the account at the donor provider.',
  portingPhoneNumberPortProtected: 'The phone number has port protection on the provider.',
  portingPhoneNumberInvalid: 'The phone number is not known at the donor provider.',
};

/** Which fields a decline asks the partner to correct (none for port protection: the user lifts it at the donor). */
export const DECLINE_FIELDS: Record<DeclineCode, PortingField[]> = {
  portingAccountNumberRequiredOrInvalid: ['accountNumber'],
  portingAccountPinRequiredOrInvalid: ['accountPin'],
  portingAddressRequiredOrInvalid: ['address'],
  portingBirthdayRequiredOrInvalid: ['birthday'],
  portingNameRequiredOrInvalid: ['firstName', 'lastName'],
  portingPhoneNumberPortProtected: [],
  portingPhoneNumberInvalid: [],
};

function present(f: PortingFacts, field: PortingField): boolean {
  switch (field) {
    case 'accountNumber':
      return f.accountNumber !== null;
    case 'accountPin':
      return f.accountPinExists;
    case 'address':
      return f.address !== null;
    case 'birthday':
      return f.birthday !== null;
    case 'donorProvider':
      return true; // handled by the caller: it knows whether a donor is set
    case 'donorProviderApproval':
      return f.donorProviderApproval === true;
    case 'firstName':
      return f.firstName !== null;
    case 'lastName':
      return f.lastName !== null;
  }
}

/**
 * What the partner still has to provide before the port-in can be requested: the fields the donor's rules need
 * (a default set while no donor is chosen, plus the donor itself) that are missing, and those the donor's last
 * decline pointed at that have not been changed since. In the order of the reference.
 */
export function requiredFields(f: PortingFacts, donor: CarrierProfile | null): PortingField[] {
  const rules = new Set<PortingField>(donor ? donor.requiredFields : [...DEFAULT_REQUIRED_FIELDS, 'donorProvider']);
  return PORTING_REQUIRED_FIELDS.filter(
    (field) => (rules.has(field) && (field === 'donorProvider' ? !donor : !present(f, field))) || f.invalidFields.includes(field),
  );
}

/** States in which the partner may still change the details. */
export const PATCHABLE: readonly PortingStatus[] = ['draft', 'informationRequired', 'declined'];
/** States in which the partner may cancel. */
export const CANCELABLE: readonly PortingStatus[] = ['pending', 'informationRequired', 'requested', 'declined'];
/** States a deadline expires (the port-in is attached to a subscription and not finished). */
export const EXPIRABLE: readonly PortingStatus[] = ['pending', 'informationRequired', 'requested', 'declined'];

/**
 * Where a port-in goes once a subscription uses it or a PATCH changed it: with nothing required it is (re)requested
 * from the donor, otherwise it waits for information. A draft waits for its subscription whatever it holds.
 */
export function nextAfterChange(status: PortingStatus, required: readonly PortingField[]): PortingStatus {
  if (status === 'draft') return 'draft';
  if (required.length === 0) return 'requested';
  return status === 'declined' ? 'declined' : 'informationRequired';
}
