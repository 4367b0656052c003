import fc from 'fast-check';
import { paymentCaptured, platformFee } from './ledger.js';

describe('ledger postings', () => {
  it('takes the platform fee rounded half up to a minor unit', () => {
    expect(platformFee(10_000, 1500)).toBe(1500);
    expect(platformFee(333, 1500)).toBe(50); // 49.95 -> 50
    expect(platformFee(3, 1500)).toBe(0); // 0.45 -> 0
    expect(platformFee(10, 1500)).toBe(2); // 1.5 -> 2
    expect(platformFee(4000, 0)).toBe(0);
    expect(platformFee(4000, 10_000)).toBe(4000);
    expect(() => platformFee(100, 10_001)).toThrow(RangeError);
    expect(() => platformFee(1.5, 100)).toThrow(RangeError);
  });

  it('splits a captured charge into the tutor share and the fee, summing to zero', () => {
    const posting = paymentCaptured({ tutorId: 't', amount: 4000, currency: 'USD', feeBps: 1500 });
    expect(posting.lines).toEqual([
      { account: 'provider_clearing', ownerId: null, amount: 4000 },
      { account: 'tutor_pending', ownerId: 't', amount: -3400 },
      { account: 'platform_revenue', ownerId: null, amount: -600 },
    ]);
  });

  it('balances for every amount and fee, and never gives the tutor less than zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, feeBps) => {
          const posting = paymentCaptured({ tutorId: 't', amount, currency: 'EUR', feeBps });
          expect(posting.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(0);
          const fee = platformFee(amount, feeBps);
          expect(fee).toBeGreaterThanOrEqual(0);
          expect(fee).toBeLessThanOrEqual(amount);
          expect(posting.lines.every((line) => line.amount !== 0)).toBe(true);
        },
      ),
    );
  });
});
