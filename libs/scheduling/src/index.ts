export * from './jobs.js';
export * from './redis.js';
export * from './scheduler.js';
export * from './test-clock-coordinator.js';
export * from './queue-dashboard.js';
export * from './on-job.js';
export * from './queue-metrics.js';
