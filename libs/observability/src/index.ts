export * from './context.js';
export * from './logger.js';
export * from './metrics.js';
export * from './scrape.js';
export * from './http-metrics.js';
export * from './nest-logger.js';
