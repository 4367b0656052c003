import { Injectable, type Provider } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { isEventDefinition, type EventDefinition } from './domain-event.js';

/** The events one context publishes, as its core module declares them (see {@link publishesEvents}). */
export class PublishedEvents {
  constructor(
    readonly context: string,
    readonly definitions: readonly EventDefinition<unknown>[],
  ) {}
}

/**
 * Declares, in a context's core module, the events it publishes: every definition exported by
 * its `events.ts`. `providers: [publishesEvents('tutoring', tutoringEvents)]` with
 * `import * as tutoringEvents from './events.js'`.
 */
export function publishesEvents(context: string, events: Record<string, unknown>): Provider {
  const definitions = Object.values(events).filter(isEventDefinition);
  for (const definition of definitions) {
    if (!definition.type.startsWith(`${context}.`)) {
      throw new Error(`The ${context} context cannot declare the event ${definition.type}`);
    }
  }
  return {
    provide: `etutors:published-events:${context}`,
    useValue: new PublishedEvents(context, definitions),
  };
}

/**
 * Every event type the contexts of this app publish. Subscribing to, or publishing, a type
 * outside it is a mistake the app reports at boot (or at the publish), not a silent no-op.
 */
@Injectable()
export class EventCatalogue {
  private byType?: Map<string, { context: string; versions: Set<number> }>;

  constructor(private readonly discovery: DiscoveryService) {}

  /** Whether a context of this app declared this definition (same type and version). */
  declares(event: EventDefinition<unknown>): boolean {
    return this.types().get(event.type)?.versions.has(event.version) ?? false;
  }

  /** Throws unless a context of this app declared this definition. */
  assertDeclared(event: EventDefinition<unknown>): void {
    if (!this.declares(event)) {
      throw new Error(
        `Event ${event.type} v${event.version} is not declared by any context of this app: ` +
          `export it from the context's events.ts and list that with publishesEvents(...) in its core module`,
      );
    }
  }

  /** Read once, after every module's providers exist (the catalogue is first asked at module init). */
  private types(): Map<string, { context: string; versions: Set<number> }> {
    if (this.byType) return this.byType;
    const byType = new Map<string, { context: string; versions: Set<number> }>();
    for (const wrapper of this.discovery.getProviders()) {
      const published = wrapper.instance as unknown;
      if (!(published instanceof PublishedEvents)) continue;
      for (const { type, version } of published.definitions) {
        const declared = byType.get(type) ?? { context: published.context, versions: new Set() };
        if (declared.context !== published.context) {
          throw new Error(
            `Both ${declared.context} and ${published.context} declare the event ${type}`,
          );
        }
        declared.versions.add(version);
        byType.set(type, declared);
      }
    }
    this.byType = byType;
    return byType;
  }
}
