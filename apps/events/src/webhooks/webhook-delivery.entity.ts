import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One HTTP attempt of a delivery, as the delivery log shows it. */
export interface WebhookAttempt {
  attempt: number;
  /** When it was made (the project's clock). */
  at: string;
  /** The receiver's HTTP status, or null when no answer came (timeout, refused, blocked address). */
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
  /** The first bytes of the receiver's answer. */
  responseBody: string | null;
}

/** One event for one endpoint: retried until the receiver answers 2xx or the retry window closes. */
@Entity({ name: 'webhook_deliveries' })
@Index('webhook_deliveries_endpoint_event_key', ['endpointId', 'eventId'], { unique: true })
@Index('webhook_deliveries_endpoint_id_idx', ['endpointId', 'id'])
@Index('webhook_deliveries_pending_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'endpoint_id', type: 'varchar', length: 40 })
  endpointId!: string;

  @Column({ name: 'event_id', type: 'varchar', length: 40 })
  eventId!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 80 })
  eventType!: string;

  /** The event's time: with the id, it finds the envelope in its month partition of the log. */
  @TimestampColumn({ name: 'event_time' })
  eventTime!: Date;

  @Column({ type: 'varchar', length: 16 })
  status!: WebhookDeliveryStatus;

  /** Attempts made so far; the next job carries `attempts + 1`. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the retry window opened: the first attempt of this round (a manual retry opens a new round). */
  @TimestampColumn({ name: 'round_started_at', nullable: true })
  roundStartedAt!: Date | null;

  @TimestampColumn({ name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @TimestampColumn({ name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'last_response_status', type: 'integer', nullable: true })
  lastResponseStatus!: number | null;

  @Column({ name: 'attempt_log', type: 'jsonb' })
  attemptLog!: WebhookAttempt[];

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
