export * from './wait.js';
export * from './namespace.js';
export * from './stack.js';
export * from './factories.js';
export * from './clock.js';
export * from './owner-double.js';
export * from './metrics.js';
