import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

export const WEBHOOK_ENDPOINT_STATUSES = ['enabled', 'disabled'] as const;
export type WebhookEndpointStatus = (typeof WEBHOOK_ENDPOINT_STATUSES)[number];
/** Why an endpoint is disabled: by the partner, or by us after it kept failing. */
export type WebhookDisabledReason = 'byPartner' | 'failing';

@Entity({ name: 'webhook_endpoints' })
@Index('webhook_endpoints_project_id_idx', ['project', 'id'])
@Index('webhook_endpoints_enabled_idx', ['project'], { where: `status = 'enabled'` })
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Event types or wildcards (`subscription.*`, `*`), as the partner gave them. */
  @Column({ name: 'enabled_events', type: 'text', array: true })
  enabledEvents!: string[];

  @Column({ type: 'varchar', length: 16 })
  status!: WebhookEndpointStatus;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 16, nullable: true })
  disabledReason!: WebhookDisabledReason | null;

  /** `whsec_` + base64 of 32 random bytes; shown once, at creation. */
  @Column({ type: 'varchar', length: 80 })
  secret!: string;

  /**
   * A temporary endpoint of `ops webhooks listen` (created through the internal API only): its URL is the CLI's
   * relay on this host's loopback, the one non-public address a delivery may go to. A partner cannot set it;
   * changing the URL clears it, so the new URL meets the public-address rule.
   */
  @Column({ type: 'boolean', default: false })
  listener!: boolean;

  /** The first failed attempt since the last success; the endpoint is disabled when this is days old. */
  @TimestampColumn({ name: 'failing_since', nullable: true })
  failingSince!: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
