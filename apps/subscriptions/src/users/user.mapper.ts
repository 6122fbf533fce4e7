import type { Metadata, User, UserAddress } from '@simline/contracts';
import type { UserAddressEntity } from './user-address.entity.js';

export interface UserFields {
  id: string;
  email: string | null;
  emailVerified: boolean;
  fullName: string | null;
  birthday: string | null;
  preferredLocale: string | null;
  metadata: Metadata;
  createdAt: Date;
}

/** The User resource as the API, the events and embedding subscriptions show it. */
export function toUser(u: UserFields): User {
  return {
    object: 'user',
    id: u.id,
    birthday: u.birthday,
    createdAt: u.createdAt.toISOString(),
    email: u.email,
    emailVerified: u.emailVerified,
    fullName: u.fullName,
    metadata: u.metadata,
    preferredLocale: u.preferredLocale,
  };
}

export function toUserAddress(a: UserAddressEntity): UserAddress {
  return {
    object: 'userAddress',
    id: a.id,
    user: a.userId,
    city: a.city,
    country: a.country,
    line1: a.line1,
    line2: a.line2,
    postalCode: a.postalCode,
    state: a.state,
    createdAt: a.createdAt.toISOString(),
  };
}
