import { SetMetadata } from '@nestjs/common';
import type { EventDefinition } from './domain-event.js';

export const ON_EVENT_METADATA = 'etutors:on-event';

/**
 * Subscribes a provider method to an event type. The method receives `(event, tx)` and runs in
 * a transaction that also records the delivery in `platform.inbox`, so it runs once per event
 * even when the job is redelivered. Throwing rolls both back and the delivery is retried.
 */
export const OnEvent = (event: EventDefinition<unknown> | string): MethodDecorator =>
  SetMetadata(ON_EVENT_METADATA, typeof event === 'string' ? event : event.type);
