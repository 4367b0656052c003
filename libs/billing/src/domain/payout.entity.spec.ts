import { PayoutEntity } from './payout.entity.js';

const now = new Date('2026-11-16T06:00:00Z');
const later = new Date('2026-11-16T06:00:05Z');
const planned = () =>
  PayoutEntity.plan({
    runId: 'run',
    tutorId: 'tutor',
    currency: 'USD',
    amount: 10_200,
    provider: 'sandbox',
    now,
  });

describe('PayoutEntity', () => {
  it('is planned pending, with an idempotency key of its own id', () => {
    const payout = planned();
    expect(payout).toMatchObject({ status: 'pending', amount: 10_200, sentAt: null });
    expect(payout.transferIdempotencyKey).toBe(`payout:${payout.id}`);
  });

  it('refuses a payout of nothing or a fraction of a minor unit', () => {
    for (const amount of [0, -1, 1.5]) {
      expect(() =>
        PayoutEntity.plan({
          runId: 'r',
          tutorId: 't',
          currency: 'USD',
          amount,
          provider: 's',
          now,
        }),
      ).toThrow(RangeError);
    }
  });

  it('may be sent while the available balance still covers it, not once a refund took some back', () => {
    const payout = planned();
    expect(payout.whyNotSendable(10_200)).toBeNull();
    expect(payout.whyNotSendable(15_000)).toBeNull();
    expect(payout.whyNotSendable(10_199)).toContain('fell below the payout');
    expect(payout.whyNotSendable(-500)).toContain('(-500 USD)');
  });

  it('becomes sent with the transfer, once', () => {
    const payout = planned();
    payout.send('tr_1', later);
    expect(payout).toMatchObject({ status: 'sent', providerTransferId: 'tr_1', sentAt: later });
    expect(() => payout.send('tr_2', later)).toThrow('is sent');
    expect(() => payout.fail('late', later)).toThrow('is sent');
  });

  it('becomes failed with the reason, and is never sent after', () => {
    const payout = planned();
    payout.fail('account closed', later);
    expect(payout).toMatchObject({
      status: 'failed',
      failureReason: 'account closed',
      failedAt: later,
    });
    expect(() => payout.send('tr_1', later)).toThrow('is failed');
  });
});
