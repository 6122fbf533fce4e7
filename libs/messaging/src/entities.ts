import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Events waiting to be published, written in the same transaction as the change they describe.
 * The relay publishes them in id order and deletes them; the event log (events service) keeps history.
 */
@Entity({ name: 'outbox' })
export class OutboxRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index('outbox_event_id_key', { unique: true })
  @Column({ name: 'event_id', type: 'varchar', length: 40 })
  eventId!: string;

  /** The event type; the topic is derived from it (and the namespace) at publish time. */
  @Column({ type: 'varchar', length: 80 })
  type!: string;

  /** The message key: the aggregate id. */
  @Column({ type: 'varchar', length: 80 })
  key!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  /** The serialized envelope, published byte for byte as written. */
  @Column({ type: 'text' })
  envelope!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Events a consumer group has handled: written in the handler's transaction, so redelivery has no second effect. */
@Entity({ name: 'inbox' })
@Index('inbox_handled_at_idx', ['handledAt'])
export class InboxRecord {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 40 })
  eventId!: string;

  @CreateDateColumn({ name: 'handled_at', type: 'timestamptz' })
  handledAt!: Date;
}

export const MESSAGING_ENTITIES = [OutboxRecord, InboxRecord];
