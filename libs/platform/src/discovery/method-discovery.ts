import type { DiscoveryService, MetadataScanner } from '@nestjs/core';

export interface DiscoveredMethod<Meta> {
  metadata: Meta;
  className: string;
  methodName: string;
  handler: (...args: unknown[]) => Promise<unknown>;
}

/** Every singleton provider method carrying `metadataKey` (set by a method decorator), bound to its instance. */
export function discoverMethods<Meta>(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  metadataKey: string,
): DiscoveredMethod<Meta>[] {
  const found: DiscoveredMethod<Meta>[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const methodName of scanner.getAllMethodNames(prototype)) {
      const fn = instance[methodName] as (...args: unknown[]) => Promise<unknown>;
      const metadata = Reflect.getMetadata(metadataKey, fn) as Meta | undefined;
      if (metadata !== undefined) {
        found.push({
          metadata,
          className: prototype.constructor.name,
          methodName,
          handler: fn.bind(instance),
        });
      }
    }
  }
  return found;
}
