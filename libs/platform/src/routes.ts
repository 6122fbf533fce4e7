import type { ServiceName } from '@simline/contracts';

/**
 * Which service owns each partner path under `/projects/{project}/`. The gateway routes by the first match;
 * a service adding a resource adds its line here. More specific patterns come first.
 */
export const ROUTE_OWNERS: Array<{ pattern: RegExp; service: Exclude<ServiceName, 'gateway'> }> = [
  { pattern: /^\/subscriptions\/[^/]+\/(addons|vouchers)(\/|$)/, service: 'billing' },
  { pattern: /^\/subscriptions\/[^/]+\/(simReplacement|providerChange)(\/|$)/, service: 'consent' },
  { pattern: /^\/subscriptions\/[^/]+\/portOutCredentials(\/|$)/, service: 'consent' },
  { pattern: /^\/subscriptions\/[^/]+\/usage(\/|$)/, service: 'usage' },
  { pattern: /^\/(subscriptions|portings|invoices|consentRequests)\/[^/]+\/events(\/|$)/, service: 'events' },
  { pattern: /^\/(plans|planDocuments|deviceModels)(\/|$)/, service: 'plans' },
  { pattern: /^\/(users|subscriptions|sims|phoneNumbers)(\/|$)/, service: 'subscriptions' },
  { pattern: /^\/(portings|portOuts|serviceProviders)(\/|$)/, service: 'porting' },
  { pattern: /^\/(invoices|payments|paymentMethods|refunds|addons|subscriptionAddons|vouchers|billingSettings)(\/|$)/, service: 'billing' },
  { pattern: /^\/(consentRequests|consent)(\/|$)/, service: 'consent' },
  { pattern: /^\/(events|webhookEndpoints)(\/|$)/, service: 'events' },
];

/** The service that owns a partner path (the part after `/projects/{project}`), or null. */
export function routeOwner(pathAfterProject: string): Exclude<ServiceName, 'gateway'> | null {
  return ROUTE_OWNERS.find((r) => r.pattern.test(pathAfterProject))?.service ?? null;
}
