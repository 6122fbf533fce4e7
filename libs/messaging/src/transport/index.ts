export * from './event-context.js';
export * from './event-exception.filter.js';
export * from './event-payload.pipe.js';
export * from './event-transport.js';
export * from './on-events.decorator.js';
export * from './misplaced-handlers.js';
