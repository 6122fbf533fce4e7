export * from './ids.js';
export * from './errors.js';
export * from './lists.js';
export * from './resources/index.js';
export * from './catalogue.js';
export * from './envelope.js';
export * from './asyncapi.js';
export * from './naming.js';
