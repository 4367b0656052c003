import {
  defaultCommissionRule,
  feeBpsFor,
  tiersOrderProblem,
  type CommissionTier,
} from './commission.js';

/** The tiers Preply publishes: 33 % for a new tutor, down to 18 % past 400 hours. */
const PREPLY: CommissionTier[] = [
  { fromHours: 0, feeBps: 3300 },
  { fromHours: 20, feeBps: 2800 },
  { fromHours: 50, feeBps: 2500 },
  { fromHours: 200, feeBps: 2200 },
  { fromHours: 400, feeBps: 1800 },
];

describe('feeBpsFor', () => {
  it('charges a flat rule its one rate, whatever the hours', () => {
    expect(feeBpsFor({ kind: 'flat', feeBps: 1500 }, 0)).toBe(1500);
    expect(feeBpsFor({ kind: 'flat', feeBps: 1500 }, 10_000)).toBe(1500);
    expect(feeBpsFor(defaultCommissionRule(1200), 37)).toBe(1200);
  });

  it.each([
    [0, 3300],
    [19.75, 3300],
    [20, 2800],
    [49.5, 2800],
    [50, 2500],
    [199, 2500],
    [200, 2200],
    [399.99, 2200],
    [400, 1800],
    [5000, 1800],
  ])('charges a tutor with %p completed hours the tier they reached: %p bps', (hours, bps) => {
    expect(feeBpsFor({ kind: 'tiered', tiers: PREPLY }, hours)).toBe(bps);
  });

  it('applies a single tier to everyone', () => {
    expect(feeBpsFor({ kind: 'tiered', tiers: [{ fromHours: 0, feeBps: 900 }] }, 123)).toBe(900);
  });
});

describe('tiersOrderProblem', () => {
  it('accepts tiers from 0 h, strictly rising', () => {
    expect(tiersOrderProblem(PREPLY)).toBeNull();
  });

  it('refuses no tiers, a first tier after 0 h, and hours that do not rise', () => {
    expect(tiersOrderProblem([])).toBe('tiers must not be empty');
    expect(tiersOrderProblem([{ fromHours: 5, feeBps: 3000 }])).toBe(
      'the first tier must start at 0 hours',
    );
    for (const second of [0, 20]) {
      expect(
        tiersOrderProblem([
          { fromHours: 0, feeBps: 3000 },
          { fromHours: 20, feeBps: 2500 },
          { fromHours: second, feeBps: 2000 },
        ]),
      ).toBe('each tier must start at more hours than the one before');
    }
  });
});
