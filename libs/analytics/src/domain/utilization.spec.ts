import { availableMinutes, utilization } from './utilization.js';

const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-15T00:00:00Z') };

describe('available minutes', () => {
  it('are weekly minutes × overlapping days ÷ 7 for each stretch of availability', () => {
    // 600 a week from before the period until the 8th, then 1200: 7 days of each.
    expect(
      availableMinutes(
        [
          { effectiveAt: new Date('2026-02-01T00:00:00Z'), weeklyMinutes: 600 },
          { effectiveAt: new Date('2026-03-08T00:00:00Z'), weeklyMinutes: 1200 },
        ],
        period,
      ),
    ).toBe(600 + 1200);
  });

  it('count nothing before the first change, and part of a day as a fraction', () => {
    expect(
      availableMinutes(
        [{ effectiveAt: new Date('2026-03-14T12:00:00Z'), weeklyMinutes: 1400 }],
        period,
      ),
    ).toBe(100);
    expect(availableMinutes([], period)).toBe(0);
  });

  it('ignore changes after the period, and a closing (0 a week) ends a stretch', () => {
    expect(
      availableMinutes(
        [
          { effectiveAt: new Date('2026-03-01T00:00:00Z'), weeklyMinutes: 700 },
          { effectiveAt: new Date('2026-03-04T00:00:00Z'), weeklyMinutes: 0 },
          { effectiveAt: new Date('2026-04-01T00:00:00Z'), weeklyMinutes: 5000 },
        ],
        period,
      ),
    ).toBe(300);
  });
});

describe('utilization', () => {
  it('is booked ÷ available, null when never open', () => {
    expect(utilization(450, 1800)).toBe(0.25);
    expect(utilization(100, 300)).toBe(0.3333);
    expect(utilization(60, 0)).toBeNull();
  });
});
