import 'reflect-metadata';
import type { Transaction } from '../database/transaction.js';
import { defineEvent, type DomainEvent } from './domain-event.js';
import { ON_EVENT_METADATA, OnEvent, type Subscription } from './on-event.decorator.js';

interface ParcelSent {
  parcelId: string;
  grams: number;
}
const ParcelSent = defineEvent<ParcelSent>('test.parcel.sent');

// `tsc -p tsconfig.json` (npm run typecheck) checks this file: each @ts-expect-error line must
// be a compile error, or the unused directive is one.
class Subscribers {
  @OnEvent(ParcelSent, { name: 'test.weigh-parcel' })
  async weigh(_event: DomainEvent<ParcelSent>, _tx: Transaction): Promise<void> {}

  @OnEvent(ParcelSent, { name: 'test.count-parcel' })
  async count({ payload }: DomainEvent<ParcelSent>): Promise<number> {
    return payload.grams;
  }

  // @ts-expect-error the payload is another event's
  @OnEvent(ParcelSent, { name: 'test.wrong-payload' })
  async wrongPayload(_event: DomainEvent<{ letterId: string }>): Promise<void> {}

  // @ts-expect-error the payload misses a field the definition has
  @OnEvent(ParcelSent, { name: 'test.partial-payload' })
  async partialPayload(_event: DomainEvent<{ parcelId: string }>): Promise<void> {}

  // @ts-expect-error an untyped payload
  @OnEvent(ParcelSent, { name: 'test.untyped-payload' })
  async untypedPayload(_event: DomainEvent): Promise<void> {}

  // @ts-expect-error any is not the payload type either
  @OnEvent(ParcelSent, { name: 'test.any-payload' })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async anyPayload(_event: any): Promise<void> {}

  // @ts-expect-error a subscriber returns a promise (it runs inside the delivery transaction)
  @OnEvent(ParcelSent, { name: 'test.sync-handler' })
  syncHandler(_event: DomainEvent<ParcelSent>): void {}
}

describe('@OnEvent', () => {
  it('records the definition and the stable name on the method', () => {
    const subscription = Reflect.getMetadata(
      ON_EVENT_METADATA,
      Subscribers.prototype.weigh,
    ) as Subscription;
    expect(subscription).toEqual({ event: ParcelSent, name: 'test.weigh-parcel', formerNames: [] });
  });

  it('refuses a name that does not read <context>.<kebab-purpose>', () => {
    expect(() => OnEvent(ParcelSent, { name: 'Subscribers.weigh' })).toThrow(/must read/);
    expect(() => OnEvent(ParcelSent, { name: 'weigh-parcel' })).toThrow(/must read/);
  });
});
