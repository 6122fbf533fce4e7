export * from './database.js';
export * from './data-source.js';
export * from './pagination.js';
export * from './columns.js';
export * from './query-logger.js';
export * from './snapshots.js';
export * from './arrays.js';
