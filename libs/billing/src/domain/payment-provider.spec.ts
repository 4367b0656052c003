import { malformedProviderEvent, type ProviderEvent } from './payment-provider.js';

const succeeded: ProviderEvent = {
  id: 'evt_1',
  type: 'payment.succeeded',
  providerType: 'payment_intent.succeeded',
  providerPaymentId: 'pi_1',
};

describe('provider events read from signed webhooks', () => {
  it('takes an event with string ids and type', () => {
    expect(malformedProviderEvent(succeeded)).toBeNull();
    expect(
      malformedProviderEvent({ ...succeeded, type: 'ignored', providerPaymentId: null }),
    ).toBeNull();
    expect(
      malformedProviderEvent({ ...succeeded, type: 'payment.disputed', providerPaymentId: null }),
    ).toBeNull();
    expect(
      malformedProviderEvent({
        ...succeeded,
        type: 'payment.failed',
        declineCode: 'x',
        reason: 'y',
      }),
    ).toBeNull();
  });

  it('names what is wrong with an event of the wrong shape', () => {
    const wrong = (change: Record<string, unknown>) =>
      malformedProviderEvent({ ...succeeded, ...change } as ProviderEvent);
    expect(wrong({ id: undefined })).toBe('the event has no usable id');
    expect(wrong({ id: 42 })).toBe('the event has no usable id');
    expect(wrong({ id: '' })).toBe('the event has no usable id');
    expect(wrong({ id: 'e'.repeat(256) })).toBe('the event has no usable id');
    expect(wrong({ providerType: ['payment_intent.succeeded'] })).toBe(
      'the event has no usable type',
    );
    expect(wrong({ providerPaymentId: { $ne: null } })).toBe('the payment id is not a string');
    expect(wrong({ providerPaymentId: null })).toBe('a payment event names no payment');
    expect(wrong({ type: 'payment.failed', reason: { html: '<b>' } })).toBe(
      'the failure details are not strings',
    );
  });
});
