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

/** Declares an event kind, e.g. `defineEvent<BookingConfirmed>('scheduling.booking.confirmed')`. */
export function defineEvent<Payload>(type: string, version = 1): EventDefinition<Payload> {
  if (!/^[a-z]+(\.[a-z_]+){2,}$/.test(type)) {
    throw new Error(`Event type "${type}" must read <context>.<aggregate>.<past_tense_verb>`);
  }
  return { type, version };
}

export type PayloadOf<E> = E extends EventDefinition<infer P> ? P : never;
