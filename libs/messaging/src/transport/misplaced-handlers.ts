import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { PATTERN_EXTRAS_METADATA } from '@nestjs/microservices/constants.js';
import { ON_EVENTS } from './on-events.decorator.js';

/**
 * `@OnEvents` handlers on classes listed as providers rather than controllers: Nest only wires controllers to a
 * transport, so such a consumer would silently never run. Returns them as `Class.method` (empty when all is well).
 */
export function misplacedEventHandlers(modules: ModulesContainer): string[] {
  const scanner = new MetadataScanner();
  const found: string[] = [];
  for (const wrapper of new DiscoveryService(modules).getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | null | undefined;
    if (!instance || typeof instance !== 'object') continue;
    const proto = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(proto)) {
      const method = (proto as Record<string, unknown>)[name];
      if (typeof method !== 'function') continue;
      const extras = Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) as
        Record<string, unknown> | undefined;
      if (extras?.[ON_EVENTS]) found.push(`${proto.constructor.name}.${name}`);
    }
  }
  return found;
}
