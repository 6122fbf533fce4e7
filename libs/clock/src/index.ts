export * from './clock.js';
export * from './test-clocks.js';
