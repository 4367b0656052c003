import { isoWeek, payoutPlan } from './payout-plan.js';

describe('payoutPlan', () => {
  const balances = [
    { currency: 'EUR', available: 2000 },
    { currency: 'GBP', available: 1999 },
    { currency: 'USD', available: 10_200 },
  ];

  it('pays the whole available balance of each currency that reaches the minimum', () => {
    expect(payoutPlan(balances, 2000, true)).toEqual([
      { currency: 'EUR', amount: 2000 },
      { currency: 'USD', amount: 10_200 },
    ]);
  });

  it('pays nothing to a tutor without a payout account', () => {
    expect(payoutPlan(balances, 2000, false)).toEqual([]);
  });

  it('never pays a negative or empty balance, even with no minimum', () => {
    expect(
      payoutPlan(
        [
          { currency: 'EUR', available: -500 },
          { currency: 'USD', available: 0 },
          { currency: 'GBP', available: 1 },
        ],
        0,
        true,
      ),
    ).toEqual([{ currency: 'GBP', amount: 1 }]);
  });
});

describe('isoWeek', () => {
  it.each([
    ['2026-11-16T06:00:00Z', '2026-W47'], // a Monday
    ['2026-11-22T23:59:59Z', '2026-W47'], // its Sunday
    ['2026-01-01T00:00:00Z', '2026-W01'], // a Thursday: week 1 of its own year
    ['2027-01-01T12:00:00Z', '2026-W53'], // a Friday: the last week of the year before
    ['2024-12-30T00:00:00Z', '2025-W01'], // a Monday whose Thursday is in the next year
  ])('puts %s in %s', (at, week) => {
    expect(isoWeek(new Date(at))).toBe(week);
  });
});
