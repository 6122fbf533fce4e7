import { PLATFORM_ENTITIES } from '@simline/platform';
import { AddonReplicaEntity } from './addons/addon-replica.entity.js';
import { UsagePeriodEntity } from './balances/usage-period.entity.js';
import { UsageRecordEntity } from './records/usage-record.entity.js';
import { SubscriptionReplicaEntity } from './subscriptions/subscription-replica.entity.js';
import { NetworkStateEntity } from './network/network-state.entity.js';
import { NetworkReportEntity } from './network/simulator/network-report.entity.js';
import { ThresholdEmailEntity } from './notifications/threshold-email.entity.js';
import { migrations } from './migrations/index.js';

/** The usage service's tables and migrations (PLATFORM_ENTITIES: outbox, inbox, project replica). */
export const entities = [
  ...PLATFORM_ENTITIES,
  SubscriptionReplicaEntity,
  UsageRecordEntity,
  UsagePeriodEntity,
  AddonReplicaEntity,
  NetworkStateEntity,
  NetworkReportEntity,
  ThresholdEmailEntity,
];
export { migrations };
