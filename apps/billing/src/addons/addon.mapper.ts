import type { Addon, SubscriptionAddon } from '@simline/contracts';
import { iso } from '@simline/persistence';
import type { AddonEntity } from './addon.entity.js';
import type { SubscriptionAddonEntity } from './subscription-addon.entity.js';

export function toAddon(e: AddonEntity): Addon {
  return {
    object: 'addon',
    id: e.id,
    name: e.name,
    description: e.description,
    price: { amount: e.priceAmount, currency: e.priceCurrency },
    allowances: e.allowances,
    validity: e.validity,
    status: e.status,
    createdAt: e.createdAt.toISOString(),
  };
}

export function toSubscriptionAddon(e: SubscriptionAddonEntity): SubscriptionAddon {
  return {
    object: 'subscriptionAddon',
    id: e.id,
    subscription: e.subscriptionId,
    status: e.status,
    user: e.userId,
    addon: e.addonId,
    name: e.name,
    price: { amount: e.priceAmount, currency: e.priceCurrency },
    allowances: e.allowances,
    invoice: e.invoiceId,
    period: e.periodStart && e.periodEnd ? { start: e.periodStart.toISOString(), end: e.periodEnd.toISOString() } : null,
    activatedAt: iso(e.activatedAt),
    endedAt: iso(e.endedAt),
    endReason: e.endReason,
    createdAt: e.createdAt.toISOString(),
  };
}
