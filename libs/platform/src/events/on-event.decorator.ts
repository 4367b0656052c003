import { SetMetadata } from '@nestjs/common';
import type { Transaction } from '../database/transaction.js';
import type { DomainEvent, EventDefinition } from './domain-event.js';

export const ON_EVENT_METADATA = 'etutors:on-event';

/** A subscriber's stable identity: `<context>.<kebab-purpose>`, e.g. `tutoring.create-lesson`. */
export interface SubscriberOptions {
  /**
   * Names the subscriber in `platform.inbox` and in its `domain-events` job. It must not change
   * when the class or method is renamed: inbox rows and queued jobs refer to it.
   */
  name: string;
  /**
   * Names this subscriber had before: jobs still queued under one of them run here, under
   * `name`. Keep one until every process runs the new name and the queue has drained.
   */
  formerNames?: readonly string[];
}

export interface Subscription extends SubscriberOptions {
  event: EventDefinition<unknown>;
}

/** The method shape a subscriber has: the event, and the transaction that records its delivery. */
export type EventHandler<Payload> = (
  event: DomainEvent<Payload>,
  tx: Transaction,
) => Promise<unknown>;

type IsAny<T> = 0 extends 1 & T ? true : false;
type Same<A, B> =
  IsAny<A> extends true ? false : [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The method itself when its first parameter is exactly `DomainEvent<Payload>`; else a type that names the fault. */
type CheckedHandler<Method, Payload> = Method extends (
  event: infer Event,
  ...rest: never[]
) => unknown
  ? Same<Event, DomainEvent<Payload>> extends true
    ? Method
    : {
        'OnEvent: the first parameter must be DomainEvent<PayloadOf<definition>>': DomainEvent<Payload>;
      }
  : never;

const SUBSCRIBER_NAME = /^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Subscribes a provider method to an event: `@OnEvent(BookingConfirmed, { name: 'tutoring.create-lesson' })`.
 * The compiler holds the method to `(event: DomainEvent<PayloadOf<definition>>, tx: Transaction)`.
 * It runs in a transaction that also records the delivery in `platform.inbox` under `name`, so
 * it runs once per event even when the job is redelivered; throwing rolls both back and the
 * delivery is retried. The app refuses to boot if no context declares the event.
 */
export function OnEvent<Payload>(event: EventDefinition<Payload>, options: SubscriberOptions) {
  if (!SUBSCRIBER_NAME.test(options.name)) {
    throw new Error(`Subscriber name "${options.name}" must read <context>.<kebab-purpose>`);
  }
  const subscription: Subscription = {
    event,
    name: options.name,
    formerNames: options.formerNames ?? [],
  };
  const decorate = SetMetadata(ON_EVENT_METADATA, subscription);
  return <Method extends EventHandler<Payload>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<Method & CheckedHandler<Method, Payload>>,
  ): void => {
    decorate(target, key, descriptor);
  };
}
