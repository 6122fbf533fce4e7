export * from './common.js';
export * from './plan.js';
export * from './user.js';
export * from './sim.js';
export * from './porting.js';
export * from './subscription.js';
export * from './project.js';
export * from './others.js';
