export * from './common.js';
export * from './plan.js';
export * from './others.js';
