import { z } from 'zod';
import { looseResource } from './common.js';

// Resources whose owning service pins the full schema in its own file here; until then, object + id.
export const SubscriptionSchema = looseResource('subscription');
export type Subscription = z.infer<typeof SubscriptionSchema>;
export const SubscriptionChangeSchema = looseResource('subscriptionChange');
export const SubscriptionAddonSchema = looseResource('subscriptionAddon');
export const UserSchema = looseResource('user');
export const SimSchema = looseResource('sim');
export const PortingSchema = looseResource('porting');
export const PortOutSchema = looseResource('portOut');
export const InvoiceSchema = looseResource('invoice');
export const PaymentSchema = looseResource('payment');
export const ConsentRequestSchema = looseResource('consentRequest');
