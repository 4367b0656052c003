/** A fact that happened in one context, published for the others. Payloads carry ids and values, never entities. */
export interface DomainEvent<Payload = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  aggregateId: string;
  actorId: string | null;
  payload: Payload;
}

/** An event kind: its type name and version, with the payload type attached for the compiler. */
export interface EventDefinition<Payload> {
  readonly type: string;
  readonly version: number;
  /** Never set: carries the payload type. */
  readonly payload?: Payload;
}

const definitions = new WeakSet<object>();

/** Declares an event kind, e.g. `defineEvent<BookingConfirmed>('scheduling.booking.confirmed')`. */
export function defineEvent<Payload>(type: string, version = 1): EventDefinition<Payload> {
  if (!/^[a-z]+(\.[a-z_]+){2,}$/.test(type)) {
    throw new Error(`Event type "${type}" must read <context>.<aggregate>.<past_tense_verb>`);
  }
  const definition: EventDefinition<Payload> = { type, version };
  definitions.add(definition);
  return definition;
}

/** Whether `value` came from {@link defineEvent} (a context's `events.ts` also exports payload types and helpers). */
export const isEventDefinition = (value: unknown): value is EventDefinition<unknown> =>
  typeof value === 'object' && value !== null && definitions.has(value);

export type PayloadOf<E> = E extends EventDefinition<infer P> ? P : never;
