import fc from 'fast-check';
import { DateTime } from 'luxon';
import { mergeIntervals, type Interval } from './interval.js';
import {
  expandWeeklyWindows,
  minutesOf,
  weeklyMinutes,
  type WeeklyWindow,
} from './weekly-availability.js';

/** The plain definition: every local day through luxon's calendar arithmetic. */
function referenceExpansion(
  windows: WeeklyWindow[],
  zone: string,
  from: number,
  to: number,
): Interval[] {
  const at = (day: DateTime, time: string) => {
    const minutes = minutesOf(time);
    if (minutes === 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
    return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
  };
  const intervals: Interval[] = [];
  let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(to, { zone }).startOf('day').plus({ days: 1 });
  for (; day <= last; day = day.plus({ days: 1 })) {
    for (const window of windows.filter((w) => w.weekday === day.weekday)) {
      const start = at(day, window.start);
      const end = at(day, window.end);
      if (end > start && end > from && start < to) intervals.push({ start, end });
    }
  }
  return mergeIntervals(intervals);
}

describe('expandWeeklyWindows', () => {
  // Zones with an hour, half an hour (Lord Howe) or a midnight transition (Santiago, Havana,
  // Beirut), none (Kolkata), and the southern hemisphere.
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'America/Santiago',
    'America/Havana',
    'Asia/Beirut',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'Australia/Adelaide',
  ];
  const quarter = fc.integer({ min: 0, max: 95 });
  const hhmm = (q: number) =>
    q === 96
      ? '24:00'
      : `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
  const window = fc
    .tuple(fc.integer({ min: 1, max: 7 }), quarter, fc.integer({ min: 1, max: 96 }))
    .map(([weekday, start, length]) => ({
      weekday,
      start: hhmm(start),
      end: hhmm(Math.min(96, start + length)),
    }));
  const yearStart = Date.parse('2026-01-01T00:00:00Z');

  it('gives what day-by-day calendar arithmetic gives, on DST days too, all year', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(window, { maxLength: 8 }),
        fc.integer({ min: 0, max: 365 * 96 }),
        fc.integer({ min: 1, max: 31 * 96 }),
        (zone, windows, fromQ, lengthQ) => {
          const from = yearStart + fromQ * 900_000;
          const to = from + lengthQ * 900_000;
          expect(expandWeeklyWindows(windows, zone, from, to)).toEqual(
            referenceExpansion(windows, zone, from, to),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('agrees on every transition day of 2026 in each zone', () => {
    const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      start: '00:00',
      end: '24:00',
    }));
    const split = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
      { weekday, start: '00:00', end: '01:00' },
      { weekday, start: '01:45', end: '03:15' },
      { weekday, start: '09:00', end: '17:00' },
      { weekday, start: '23:30', end: '24:00' },
    ]);
    for (const zone of zones) {
      const from = yearStart;
      const to = Date.parse('2027-01-01T00:00:00Z');
      for (const windows of [allDay, split]) {
        expect(expandWeeklyWindows(windows, zone, from, to)).toEqual(
          referenceExpansion(windows, zone, from, to),
        );
      }
    }
  });
});

describe('weeklyMinutes', () => {
  it('adds up every window of the week, a window ending at 24:00 included', () => {
    expect(weeklyMinutes([])).toBe(0);
    expect(
      weeklyMinutes([
        { weekday: 1, start: '09:00', end: '12:30' },
        { weekday: 1, start: '14:00', end: '17:00' },
        { weekday: 7, start: '22:15', end: '24:00' },
      ]),
    ).toBe(210 + 180 + 105);
    expect(
      weeklyMinutes(
        [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      ),
    ).toBe(7 * 24 * 60);
  });
});
