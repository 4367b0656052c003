import { weeklyPlacement } from './weekly-series.js';

describe('weeklyPlacement', () => {
  it('keeps the wall-clock time across the autumn change: UTC moves an hour later', () => {
    // Wednesday 21 October 2026, 10:00 in Berlin (CEST, UTC+2); clocks go back on 25 October.
    const placement = weeklyPlacement(Date.parse('2026-10-21T08:00:00Z'), 3, 'Europe/Berlin');
    expect(placement).toEqual({
      localTime: '10:00',
      weekday: 3,
      starts: [
        Date.parse('2026-10-21T08:00:00Z'),
        Date.parse('2026-10-28T09:00:00Z'),
        Date.parse('2026-11-04T09:00:00Z'),
      ],
    });
  });

  it('keeps the wall-clock time across the spring change: UTC moves an hour earlier', () => {
    // Friday 26 March 2027, 18:30 in Berlin (CET, UTC+1); clocks go forward on 28 March.
    const placement = weeklyPlacement(Date.parse('2027-03-26T17:30:00Z'), 2, 'Europe/Berlin');
    expect(placement.starts).toEqual([
      Date.parse('2027-03-26T17:30:00Z'),
      Date.parse('2027-04-02T16:30:00Z'),
    ]);
    expect(placement.weekday).toBe(5);
  });

  it('moves a time the spring change skips forward by the gap', () => {
    // Sunday 21 March 2027, 02:30 in Berlin; on 28 March the clocks jump from 02:00 to 03:00.
    const placement = weeklyPlacement(Date.parse('2027-03-21T01:30:00Z'), 2, 'Europe/Berlin');
    expect(placement.starts[1]).toBe(Date.parse('2027-03-28T01:30:00Z'));
  });

  it('is plain seven-day steps in UTC', () => {
    const placement = weeklyPlacement(Date.parse('2026-12-07T09:15:00Z'), 4, 'UTC');
    expect(placement.starts.map((start) => new Date(start).toISOString())).toEqual([
      '2026-12-07T09:15:00.000Z',
      '2026-12-14T09:15:00.000Z',
      '2026-12-21T09:15:00.000Z',
      '2026-12-28T09:15:00.000Z',
    ]);
  });
});
