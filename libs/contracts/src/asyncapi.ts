import { z } from 'zod';
import { EVENT_CATALOGUE, EVENT_TYPES } from './catalogue.js';
import { EnvelopeSchema, SCHEMA_VERSION } from './envelope.js';

type JsonSchema = Record<string, unknown>;

function toJson(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) as JsonSchema;
  return rest;
}

const channelId = (type: string) => type.replace(/\./g, '_');

/** The AsyncAPI 3 document of every topic, generated from the event catalogue. */
export function buildAsyncApiDocument(opts: { brokers?: string; topicPrefix?: string } = {}): JsonSchema {
  const envelope = toJson(EnvelopeSchema.omit({ data: true }));
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const type of EVENT_TYPES) {
    const spec = EVENT_CATALOGUE[type];
    const id = channelId(type);
    const envProps = (envelope.properties ?? {}) as Record<string, unknown>;
    messages[id] = {
      name: type,
      title: type,
      summary: spec.summary,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: {
          ce_id: { type: 'string', description: 'The event id.' },
          ce_type: { type: 'string', const: type },
          traceparent: { type: 'string', description: 'W3C trace context.' },
        },
      },
      bindings: { kafka: { key: { type: 'string', description: `The ${spec.aggregate} id (the envelope subject).` } } },
      payload: {
        ...envelope,
        properties: {
          ...envProps,
          type: { type: 'string', const: type },
          source: { type: 'string', const: spec.source },
          version: { type: 'string', const: SCHEMA_VERSION },
          data: toJson(spec.data),
        },
        required: [...((envelope.required as string[]) ?? []), 'data'],
      },
    };
    channels[id] = {
      address: `${opts.topicPrefix ?? ''}${type}`,
      description: spec.summary,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      bindings: { kafka: { partitions: spec.load === 'high' ? 12 : 3 } },
    };
    operations[`receive_${id}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `Subscribe to ${type}.`,
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Simline events',
      version: SCHEMA_VERSION,
      description:
        'Every Simline domain event. Topic = event type; key = aggregate id; CloudEvents 1.0 structured JSON. ' +
        'Keep the snapshot with the highest `sequence` per subject: events carry the whole resource.',
    },
    defaultContentType: 'application/json',
    servers: { local: { host: opts.brokers ?? 'localhost:9092', protocol: 'kafka', description: 'Kafka bootstrap servers.' } },
    channels,
    operations,
    components: { messages },
  };
}
