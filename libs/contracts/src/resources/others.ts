import { z } from 'zod';
import { looseResource } from './common.js';

// Resources whose owning service pins the full schema in a file of its own here; until then, object + id.
export const SubscriptionChangeSchema = looseResource('subscriptionChange');
export const SubscriptionAddonSchema = looseResource('subscriptionAddon');
export const PortOutSchema = looseResource('portOut');
export const InvoiceSchema = looseResource('invoice');
export const PaymentSchema = looseResource('payment');
export const ConsentRequestSchema = looseResource('consentRequest');
export type LooseResource = z.infer<ReturnType<typeof looseResource>>;
