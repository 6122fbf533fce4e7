import { PLATFORM_ENTITIES } from '@simline/platform';
import { AddonEntity } from './addons/addon.entity.js';
import { SubscriptionAddonEntity } from './addons/subscription-addon.entity.js';
import { InvoiceEntity } from './invoices/invoice.entity.js';
import { PaymentMethodEntity } from './payments/payment-method.entity.js';
import { PaymentEntity } from './payments/payment.entity.js';
import { RefundEntity } from './payments/refund.entity.js';
import { SubscriptionCreditEntity } from './plan-changes/subscription-credit.entity.js';
import { BillingSettingsEntity } from './settings/billing-settings.entity.js';
import { SubscriptionReplicaEntity } from './subscriptions/subscription-replica.entity.js';
import { VoucherRedemptionEntity } from './vouchers/voucher-redemption.entity.js';
import { VoucherEntity } from './vouchers/voucher.entity.js';
import { migrations } from './migrations/index.js';

/** The billing service's tables and migrations (PLATFORM_ENTITIES: outbox, inbox, project replica). */
export const entities = [
  ...PLATFORM_ENTITIES,
  BillingSettingsEntity,
  SubscriptionReplicaEntity,
  InvoiceEntity,
  PaymentEntity,
  PaymentMethodEntity,
  RefundEntity,
  AddonEntity,
  SubscriptionAddonEntity,
  VoucherEntity,
  VoucherRedemptionEntity,
  SubscriptionCreditEntity,
];
export { migrations };
