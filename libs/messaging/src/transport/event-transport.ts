import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { Kafka } from 'kafkajs';
import type { AnyEventEnvelope } from '@simline/contracts';
import { EventConsumer, type AfterCommit, type ReceivedMessage } from '../consumer.js';
import { EventContext } from './event-context.js';
import { EVENT_TRANSPORT, ON_EVENTS, type OnEventsExtras } from './on-events.decorator.js';

export interface EventTransportOptions {
  service: string;
  kafka: Kafka;
  dataSource: DataSource;
  /** Called after every handled chunk (test clocks count activity). */
  onHandled?: (count: number, projects: string[]) => void | Promise<void>;
}

/**
 * The @nestjs/microservices transport of Simline's events (docs/decisions/0009): every `@OnEvents` handler is one
 * consumer group, run by the project's `EventConsumer` (inbox in the handler's transaction, bounded retries, dead
 * letters, replay topic, per-partition order, batch then one by one). The engine calls the Nest handler (pipes,
 * filter) inside its transaction; the handler's `AfterCommit` comes back as the result of the handler's stream, and a
 * failure as the filter's `HandlerFailure`, which rolls the transaction back.
 */
export class EventTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = EVENT_TRANSPORT;
  override readonly propagatesEventHandlerErrors = true;
  private readonly consumers: EventConsumer[] = [];
  private listening?: Promise<void>;

  constructor(private readonly opts: EventTransportOptions) {
    super();
  }

  /** The consumer groups started, `<service>.<group>`. */
  get groups(): string[] {
    return this.consumers.map((c) => c.group);
  }

  /** Starts one consumer per handler, one after the other (as the runtime did), then calls back. */
  listen(callback: (err?: unknown) => void): void {
    this.listening ??= this.startConsumers();
    this.listening.then(
      () => callback(),
      (err: unknown) => callback(err),
    );
  }

  private async startConsumers(): Promise<void> {
    const consumers = [...this.messageHandlers].map(([group, handler]) => this.consumerFor(group, handler));
    for (const c of consumers) {
      this.consumers.push(c);
      await c.start();
    }
  }

  private consumerFor(group: string, handler: MessageHandler): EventConsumer {
    const extras = handler.extras as OnEventsExtras | undefined;
    if (!handler.isEventHandler || !extras?.[ON_EVENTS]) {
      throw new Error(`The event transport serves @OnEvents handlers only; "${group}" is declared otherwise`);
    }
    if (handler.next)
      throw new Error(`Two @OnEvents handlers for the consumer group "${group}" of ${this.opts.service}`);
    const {
      batch,
      types,
      inbox,
      replay,
      retries,
      retryBaseMs,
      partitionsConsumedConcurrently,
      fromBeginning,
    } = extras;
    const call = (
      payload: AnyEventEnvelope | AnyEventEnvelope[],
      em: EntityManager,
      received: ReceivedMessage[],
    ) => this.invoke(handler, payload, new EventContext([em, received, `${this.opts.service}.${group}`]));
    return new EventConsumer({
      service: this.opts.service,
      name: group,
      types,
      kafka: this.opts.kafka,
      dataSource: this.opts.dataSource,
      onHandled: this.opts.onHandled,
      // The payload pipe validates `data` (the engine still reads the envelope: the inbox and routing need it).
      validateData: false,
      ...(batch
        ? { maxBatch: batch, handleBatch: (events, em, received) => call(events, em, received) }
        : { handle: (event, em, received) => call(event, em, [received]) }),
      ...(inbox === undefined ? {} : { inbox }),
      ...(replay === undefined ? {} : { replay }),
      ...(retries === undefined ? {} : { retries }),
      ...(retryBaseMs === undefined ? {} : { retryBaseMs }),
      ...(partitionsConsumedConcurrently === undefined ? {} : { partitionsConsumedConcurrently }),
      ...(fromBeginning === undefined ? {} : { fromBeginning }),
    });
  }

  /** Runs the Nest handler (pipes, filter) and returns its `AfterCommit`, or throws the filter's decision. */
  private async invoke(
    handler: MessageHandler,
    payload: unknown,
    ctx: EventContext,
  ): Promise<void | AfterCommit> {
    const result: unknown = await handler(payload, ctx);
    const value: unknown = isObservable(result)
      ? await lastValueFrom(result, { defaultValue: undefined })
      : result;
    return typeof value === 'function' ? (value as AfterCommit) : undefined;
  }

  async close(): Promise<void> {
    await this.listening?.catch(() => undefined);
    await Promise.all(this.consumers.map((c) => c.stop()));
    this.consumers.length = 0;
  }

  on(): never {
    throw new Error('The event transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumers as T;
  }
}
