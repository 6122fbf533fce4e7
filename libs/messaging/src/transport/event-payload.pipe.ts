import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { BaseRpcContext } from '@nestjs/microservices';
import { validateEventData, type AnyEventEnvelope, type UncheckedEnvelope } from '@simline/contracts';
import { PoisonMessageError } from '../consumer.js';
import { isVerified } from '../provenance.js';

const PAYLOAD_TYPES: unknown[] = ['body', 3];

/** An event whose data does not match its type's schema (or whose schema version no code reads): never retried. */
export class InvalidEventError extends PoisonMessageError {
  constructor(code: string, message: string) {
    super(message, code);
    this.name = 'InvalidEventError';
  }
}

/**
 * Validates the `@Payload()` of an event handler (one event, or the array of a batch handler) against the contract
 * schema of each event's type, upcasting older schema versions; the handler gets the parsed events. An invalid
 * event throws `InvalidEventError` with the code `parseEnvelope` gives (`invalidData`, `unsupportedVersion`), which
 * the exception filter sends to the dead-letter topic. Other parameters (`@Ctx()`) pass through.
 */
@Injectable()
export class EventPayloadPipe implements PipeTransform<
  unknown,
  AnyEventEnvelope | AnyEventEnvelope[] | unknown
> {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // `@Payload()` arrives as 'body' (older Nest: RpcParamtype.PAYLOAD, a number); `@Ctx()` passes through.
    if (value instanceof BaseRpcContext || !PAYLOAD_TYPES.includes(metadata.type as unknown)) return value;
    return Array.isArray(value)
      ? value.map((e) => checked(e as UncheckedEnvelope))
      : checked(value as UncheckedEnvelope);
  }
}

function checked(e: UncheckedEnvelope): AnyEventEnvelope {
  // Signed by our outbox at the current schema version: `buildEvent` validated this data (provenance.ts).
  if (isVerified(e)) return e as AnyEventEnvelope;
  const r = validateEventData(e);
  if (r.ok) return r.event;
  throw new InvalidEventError(r.code, r.message + (r.details ? ' ' + JSON.stringify(r.details) : ''));
}
