import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { ReceivedMessage } from '../consumer.js';

/**
 * What an event handler gets besides its payload (`@Ctx()`): the transaction its effects must be written in (the
 * inbox rows of its events are already in it), the messages as they came off Kafka, and its consumer group.
 */
export class EventContext extends BaseRpcContext<[EntityManager, ReceivedMessage[], string]> {
  /** The handler's transaction: every write of the handler goes through it, or the inbox guarantees nothing. */
  get em(): EntityManager {
    return this.args[0];
  }

  /** The messages of the payload, in its order (one for a handler without `batch`). */
  get messages(): ReceivedMessage[] {
    return this.args[1];
  }

  /** The consumer group, `<service>.<group>`. */
  get group(): string {
    return this.args[2];
  }
}
