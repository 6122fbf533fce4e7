import { Module } from '@nestjs/common';
import { redisPrefixFor } from '@simline/contracts';
import { REDIS } from '@simline/platform';
import { createRedis, Scheduler, type Redis } from '@simline/scheduling';
import { AddonLifecycleService } from './addons/addon-lifecycle.service.js';
import { AddonsController, SubscriptionAddonsController } from './addons/addons.controller.js';
import { AddonsService } from './addons/addons.service.js';
import { BILLING_CONFIG, loadBillingConfig, type BillingConfig } from './billing.config.js';
import { BillingJobs } from './billing.jobs.js';
import { InvoiceAggregate } from './invoices/invoice.aggregate.js';
import { InvoicesController } from './invoices/invoices.controller.js';
import { InvoicesService } from './invoices/invoices.service.js';
import { InvoicingService } from './invoices/invoicing.service.js';
import { ChargeSweeper } from './payments/charge-sweeper.js';
import { ChargingService } from './payments/charging.service.js';
import { PaymentMethodsService } from './payments/payment-methods.service.js';
import { PaymentMethodsController, PaymentsController, RefundsController } from './payments/payments.controller.js';
import { PaymentsService } from './payments/payments.service.js';
import { RefundsService } from './payments/refunds.service.js';
import { PaymentProcessor, ProcessorNotifier } from './processor/payment-processor.port.js';
import { SchedulerProcessorNotifier } from './processor/scheduler-notifier.js';
import { SimulatedPaymentProcessor } from './processor/simulated-payment-processor.js';
import { BillingSettingsController } from './settings/billing-settings.controller.js';
import { BillingSettingsService } from './settings/billing-settings.service.js';
import { SubscriptionEventsConsumer } from './subscriptions/subscription-events.consumer.js';
import { SubscriptionVouchersController, VouchersController } from './vouchers/vouchers.controller.js';
import { VoucherReader } from './vouchers/voucher.reader.js';
import { VouchersService } from './vouchers/vouchers.service.js';

@Module({
  controllers: [
    BillingSettingsController,
    InvoicesController,
    PaymentsController,
    PaymentMethodsController,
    RefundsController,
    AddonsController,
    SubscriptionAddonsController,
    VouchersController,
    SubscriptionVouchersController,
    SubscriptionEventsConsumer,
  ],
  providers: [
    { provide: BILLING_CONFIG, useFactory: loadBillingConfig },
    { provide: ProcessorNotifier, useFactory: (s: Scheduler) => new SchedulerProcessorNotifier(s), inject: [Scheduler] },
    {
      provide: PaymentProcessor,
      useFactory: (redis: Redis, notifier: ProcessorNotifier, config: BillingConfig) =>
        new SimulatedPaymentProcessor(config.PAYMENT_SIMULATOR_REDIS_URL ? createRedis(config.PAYMENT_SIMULATOR_REDIS_URL) : redis, notifier, {
          prefix: `${redisPrefixFor()}:`,
          timeoutMs: config.PAYMENT_SIMULATOR_TIMEOUT_MS,
          ownsConnection: Boolean(config.PAYMENT_SIMULATOR_REDIS_URL),
        }),
      inject: [REDIS, ProcessorNotifier, BILLING_CONFIG],
    },
    BillingSettingsService,
    InvoicingService,
    InvoicesService,
    AddonLifecycleService,
    ChargingService,
    ChargeSweeper,
    PaymentsService,
    PaymentMethodsService,
    RefundsService,
    AddonsService,
    VouchersService,
    VoucherReader,
    BillingJobs,
    InvoiceAggregate,
  ],
})
export class BillingModule {}
