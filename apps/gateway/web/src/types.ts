/** The fields of the partner API's resources the page shows (the API sends the whole resource). */
export interface Subscription {
  id: string;
  status: string;
  phoneNumber: string | null;
  plan: { id: string; name: string };
  user: { id: string; email: string | null; fullName?: string | null };
  sim: { id: string; iccid: string; type: string; provider: string; status: string } | null;
  currentPeriod: { number: number; start: string; end: string } | null;
  cancellationCutoffAt: string | null;
  earliestEndAt: string | null;
  canceledAt: string | null;
  endedAt: string | null;
  createdAt: string;
}

export interface ConsentRequest {
  id: string;
  type: string;
  status: string;
  deliveryMethod: string;
  createdAt: string;
  expiresAt: string | null;
  approvedAt: string | null;
  fulfilledAt: string | null;
  /** `declinedByUser`: the end user answered "I did not ask for this" on the approval page. */
  cancellationReason?: string | null;
}

export interface ActivityEvent {
  id: string;
  type: string;
  subject: string;
  time: string;
  actor?: string;
  previousData?: Record<string, unknown>;
}

export interface PortOut {
  id: string;
  status: string;
  phoneNumber: string;
  consentRequest?: string | null;
  recipientProvider?: { name?: string | null } | null;
  credentialsRevealedAt?: string | null;
  createdAt?: string;
  expiresAt?: string;
}

export interface PortOutCredentials {
  portOut: string;
  phoneNumber: string;
  accountNumber: string;
  pin: string;
}

export interface Payment {
  id: string;
  invoice: string;
  status: string;
  amount: number;
  currency: string;
  amountRefunded: number;
  refunded: boolean;
  createdAt: string;
  failureMessage: string | null;
}

export interface Invoice {
  id: string;
  status: string;
  reason: string;
  currency: string;
  total: number;
  amountRemaining: number;
  period: { number: number } | null;
  failedAttempts: number;
  dueAt: string | null;
  createdAt: string;
}

export interface SubscriptionPageData {
  subscription: Subscription;
  consentRequests: ConsentRequest[] | null;
  events: ActivityEvent[] | null;
  portOuts: PortOut[] | null;
  payments: Payment[] | null;
  invoices: Invoice[] | null;
  canAct: boolean;
  actors: Record<string, string>;
}
