/** The resource kinds `ops reconcile` takes, as the API names them, and their catalogue aggregate. */
export const RECONCILE_KINDS = {
  subscriptions: 'subscription',
  portings: 'porting',
  invoices: 'invoice',
  consentRequests: 'consentRequest',
  plans: 'plan',
} as const;
export type ReconcileKind = keyof typeof RECONCILE_KINDS;
