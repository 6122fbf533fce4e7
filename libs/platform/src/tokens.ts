/** Injection tokens for what the platform provides beyond classes. */
export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
export const REDIS = Symbol('REDIS');
export const KAFKA = Symbol('KAFKA');
