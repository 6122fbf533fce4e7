// The consent rules as plain functions (no Nest, TypeORM or Kafka), so that they are unit tested as tables.
import type { ConsentRequestStatus, ConsentRequestType, Subscription } from '@simline/contracts';
import { ConsentErrorCode } from './consent-request.exception.js';

export const DEFAULT_LINK_TTL_MINUTES = 180;

/** What stands in the way of asking for consent, or null when it can be asked. */
export function creationRefusal(input: {
  deliveryMethod: string;
  emailsEnabled: boolean;
  email: string | null | undefined;
  subscriptionStatus: Subscription['status'];
}): ConsentErrorCode | null {
  if (input.deliveryMethod !== 'email') return ConsentErrorCode.DeliveryMethodNotAvailable;
  if (input.subscriptionStatus !== 'active') return ConsentErrorCode.SubscriptionNotActive;
  if (!input.emailsEnabled) return ConsentErrorCode.EmailsNotEnabled;
  if (!input.email) return ConsentErrorCode.UserEmailUnknown;
  return null;
}

/** A new request of a type conflicts with an open one of the same type on the subscription. */
export function conflictWithOpen(openStatuses: readonly ConsentRequestStatus[]): ConsentErrorCode | null {
  if (openStatuses.includes('approved')) return ConsentErrorCode.AlreadyApproved;
  if (openStatuses.includes('pending')) return ConsentErrorCode.AlreadyPending;
  return null;
}

export const isCancelable = (status: ConsentRequestStatus): boolean => status === 'pending' || status === 'approved';

/**
 * The reference's resend rules: the previous request is canceled, expired or pending; no approved request of
 * the same type exists for the subscription; the subscription is still active and not ended.
 */
export function resendRefusal(input: {
  status: ConsentRequestStatus;
  approvedOfSameType: boolean;
  subscription: Pick<Subscription, 'status' | 'endedAt'>;
}): ConsentErrorCode | null {
  if (!['canceled', 'expired', 'pending'].includes(input.status)) return ConsentErrorCode.NotResendable;
  if (input.approvedOfSameType) return ConsentErrorCode.AlreadyApproved;
  // A canceled subscription is still active until it ends: its `endedAt` is the end to come, not one passed.
  if (input.subscription.status !== 'active') return ConsentErrorCode.SubscriptionNotActive;
  return null;
}

/** Where approval leads: SIM replacements and provider changes need no follow-up; port-out credentials do. */
export const statusAfterApproval = (type: ConsentRequestType): 'approved' | 'fulfilled' => (type === 'portOutCredentials' ? 'approved' : 'fulfilled');

export const isFulfillable = (type: ConsentRequestType, status: ConsentRequestStatus): boolean => type === 'portOutCredentials' && status === 'approved';

export type LinkState = 'open' | 'expired' | 'canceled' | 'used' | 'subscriptionInactive';

/** What the approval page can do with a request's link at `now`. */
export function linkState(req: { status: ConsentRequestStatus; expiresAt: Date }, now: Date, subscriptionStatus: Subscription['status'] | null): LinkState {
  switch (req.status) {
    case 'approved':
    case 'fulfilled':
      return 'used';
    case 'canceled':
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'pending':
      if (now.getTime() >= req.expiresAt.getTime()) return 'expired';
      if (subscriptionStatus !== 'active') return 'subscriptionInactive';
      return 'open';
  }
}

/** Due for expiry: still pending at or after its expiry time. */
export const isExpiryDue = (req: { status: ConsentRequestStatus; expiresAt: Date }, now: Date): boolean =>
  req.status === 'pending' && now.getTime() >= req.expiresAt.getTime();

export const expiryFor = (createdAt: Date, ttlMinutes: number): Date => new Date(createdAt.getTime() + ttlMinutes * 60_000);

export const SUPPORTED_LOCALES = ['en', 'de'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** The user's language if we speak it (`de-AT` → `de`), else English. */
export function pickLocale(preferred: string | null | undefined): Locale {
  const lang = (preferred ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LOCALES as readonly string[]).includes(lang ?? '') ? (lang as Locale) : 'en';
}
