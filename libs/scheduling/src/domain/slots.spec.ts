import fc from 'fast-check';
import { DateTime } from 'luxon';
import { overlaps, type Interval } from './interval.js';
import { computeSlots, slotProblem, type Availability } from './slots.js';
import {
  expandWeeklyWindows,
  weeklyWindowProblems,
  type WeeklyWindow,
} from './weekly-availability.js';
import { MINUTE_MS } from '@etutors/platform';

const HOUR = 60 * MINUTE_MS;
const utc = (iso: string) => Date.parse(iso);
const everyDay = (start: string, end: string): WeeklyWindow[] =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));
const totalHours = (intervals: Interval[]) =>
  intervals.reduce((sum, i) => sum + (i.end - i.start), 0) / HOUR;
const localDay = (date: string, zone: string) => {
  const day = DateTime.fromISO(date, { zone });
  return { from: day.toMillis(), to: day.plus({ days: 1 }).toMillis() };
};

const availability = (overrides: Partial<Availability> = {}): Availability => ({
  timezone: 'UTC',
  weekly: everyDay('09:00', '17:00'),
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  maxAdvanceDays: 365,
  ...overrides,
});

describe('expandWeeklyWindows across DST', () => {
  const cases = [
    ['Europe/Berlin', '2026-03-29', '2026-10-25'],
    ['America/New_York', '2026-03-08', '2026-11-01'],
  ] as const;

  it.each(cases)('%s: 09:00–17:00 is 8 hours on both transition days', (zone, spring, autumn) => {
    for (const date of [spring, autumn]) {
      const { from, to } = localDay(date, zone);
      const intervals = expandWeeklyWindows(everyDay('09:00', '17:00'), zone, from, to);
      expect(totalHours(intervals.filter((i) => i.start >= from && i.end <= to))).toBe(8);
      expect(
        DateTime.fromMillis(intervals.find((i) => i.start >= from)!.start, { zone }).toFormat(
          'HH:mm',
        ),
      ).toBe('09:00');
    }
  });

  it.each(cases)(
    '%s: a window across 02:00–03:00 loses the missing hour in spring, gains one in autumn',
    (zone, spring, autumn) => {
      const springDay = localDay(spring, zone);
      const inSpring = expandWeeklyWindows(
        everyDay('01:00', '04:00'),
        zone,
        springDay.from,
        springDay.to,
      );
      expect(
        totalHours(inSpring.filter((i) => i.start >= springDay.from && i.end <= springDay.to)),
      ).toBe(2);
      const autumnDay = localDay(autumn, zone);
      const inAutumn = expandWeeklyWindows(
        everyDay('01:00', '04:00'),
        zone,
        autumnDay.from,
        autumnDay.to,
      );
      expect(
        totalHours(inAutumn.filter((i) => i.start >= autumnDay.from && i.end <= autumnDay.to)),
      ).toBe(4);
    },
  );

  it('places windows in the tutor zone, not UTC', () => {
    const { from, to } = localDay('2026-06-01', 'Europe/Berlin');
    const [window] = expandWeeklyWindows(
      [{ weekday: 1, start: '09:00', end: '10:00' }],
      'Europe/Berlin',
      from,
      to,
    );
    expect(new Date(window!.start).toISOString()).toBe('2026-06-01T07:00:00.000Z');
  });
});

describe('computeSlots', () => {
  const now = utc('2026-06-01T00:00:00Z'); // a Monday

  it('returns starts on the 15-minute grid that fit the whole lesson in the window', () => {
    const slots = computeSlots(availability(), [], [], {
      from: utc('2026-06-01T00:00:00Z'),
      to: utc('2026-06-02T00:00:00Z'),
      durationMinutes: 60,
      now,
    });
    expect(slots).toHaveLength(29); // 09:00 … 16:00
    expect(new Date(slots[0]!.start).toISOString()).toBe('2026-06-01T09:00:00.000Z');
    expect(new Date(slots.at(-1)!.start).toISOString()).toBe('2026-06-01T16:00:00.000Z');
    expect(slots.every((slot) => slot.end - slot.start === HOUR)).toBe(true);
  });

  it('keeps clear of bookings widened by the buffer and of time off', () => {
    const booking = { start: utc('2026-06-01T12:00:00Z'), end: utc('2026-06-01T13:00:00Z') };
    const timeOff = { start: utc('2026-06-01T15:00:00Z'), end: utc('2026-06-01T17:00:00Z') };
    const slots = computeSlots(availability({ bufferMinutes: 15 }), [timeOff], [booking], {
      from: utc('2026-06-01T00:00:00Z'),
      to: utc('2026-06-02T00:00:00Z'),
      durationMinutes: 60,
      now,
    });
    const starts = slots.map((slot) => new Date(slot.start).toISOString().slice(11, 16));
    expect(starts).toContain('10:45');
    expect(starts).not.toContain('11:00');
    expect(starts).not.toContain('13:00');
    expect(starts).toContain('13:15');
    expect(starts.at(-1)).toBe('14:00');
  });

  it('honours minimum notice and maximum advance', () => {
    const slots = computeSlots(
      availability({ minNoticeMinutes: 10 * 60, maxAdvanceDays: 1 }),
      [],
      [],
      {
        from: utc('2026-06-01T00:00:00Z'),
        to: utc('2026-06-04T00:00:00Z'),
        durationMinutes: 30,
        now: utc('2026-06-01T02:10:00Z'),
      },
    );
    expect(new Date(slots[0]!.start).toISOString()).toBe('2026-06-01T12:15:00.000Z');
    // One day of advance ends at 2026-06-02T02:10Z, before that day's window opens.
    expect(new Date(slots.at(-1)!.start).toISOString()).toBe('2026-06-01T16:30:00.000Z');
    expect(slots.some((slot) => slot.start >= utc('2026-06-02T09:00:00Z'))).toBe(false);
  });

  it('explains why a requested start is not bookable', () => {
    const a = availability({ minNoticeMinutes: 60 });
    const base = { durationMinutes: 60, now };
    expect(slotProblem(a, [], [], { ...base, start: utc('2026-06-01T09:00:00Z') })).toBeNull();
    expect(slotProblem(a, [], [], { ...base, start: utc('2026-06-01T09:05:00Z') })).toBe(
      'off_grid',
    );
    expect(slotProblem(a, [], [], { ...base, start: utc('2026-06-01T00:30:00Z') })).toBe(
      'within_notice',
    );
    expect(slotProblem(a, [], [], { ...base, start: now - 15 * MINUTE_MS })).toBe('in_past');
    expect(
      slotProblem(availability(), [], [], { ...base, start: now - 24 * HOUR - 7 * MINUTE_MS }),
    ).toBe('in_past');
    expect(slotProblem(a, [], [], { ...base, start: utc('2026-06-01T16:30:00Z') })).toBe(
      'outside_availability',
    );
    expect(
      slotProblem(availability({ maxAdvanceDays: 1 }), [], [], {
        ...base,
        start: utc('2026-06-05T09:00:00Z'),
      }),
    ).toBe('beyond_advance');
    const booked = [{ start: utc('2026-06-01T09:30:00Z'), end: utc('2026-06-01T10:30:00Z') }];
    expect(slotProblem(a, [], booked, { ...base, start: utc('2026-06-01T09:00:00Z') })).toBe(
      'unavailable',
    );
  });

  describe('properties', () => {
    const zones = [
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
    ];
    const quarter = fc.integer({ min: 0, max: 95 });
    const window = fc
      .tuple(fc.integer({ min: 1, max: 7 }), quarter, fc.integer({ min: 1, max: 40 }))
      .map(([weekday, start, length]) => ({
        weekday,
        startQ: start,
        endQ: Math.min(96, start + length),
      }));
    const fmt = (q: number) =>
      q === 96
        ? '24:00'
        : `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
    const weekly = fc.array(window, { maxLength: 10 }).map((windows) => {
      // Keep windows of one weekday apart, as the API requires.
      const kept: { weekday: number; startQ: number; endQ: number }[] = [];
      for (const w of windows) {
        if (!kept.some((k) => k.weekday === w.weekday && w.startQ < k.endQ && k.startQ < w.endQ))
          kept.push(w);
      }
      return kept.map((w) => ({ weekday: w.weekday, start: fmt(w.startQ), end: fmt(w.endQ) }));
    });
    const base = utc('2026-03-01T00:00:00Z');
    const span = 40 * 24 * HOUR;
    const interval = fc
      .tuple(fc.integer({ min: 0, max: span / MINUTE_MS }), fc.integer({ min: 15, max: 600 }))
      .map(([offset, minutes]) => ({
        start: base + offset * MINUTE_MS,
        end: base + (offset + minutes) * MINUTE_MS,
      }));
    const scenario = fc.record({
      zone: fc.constantFrom(...zones),
      weekly,
      bookings: fc.array(interval, { maxLength: 15 }),
      timeOff: fc.array(interval, { maxLength: 4 }),
      buffer: fc.constantFrom(0, 10, 15, 30),
      notice: fc.integer({ min: 0, max: 3000 }),
      advance: fc.integer({ min: 1, max: 40 }),
      duration: fc.constantFrom(30, 45, 60, 90, 120),
      fromOffsetQ: fc.integer({ min: 0, max: 30 * 96 }),
      days: fc.integer({ min: 1, max: 10 }),
      nowOffset: fc.integer({ min: 0, max: 20 * 24 * 60 }),
    });

    it('no slot overlaps a widened booking or time off, every slot lies inside availability, none is missing', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const a: Availability = {
            timezone: s.zone,
            weekly: s.weekly,
            bufferMinutes: s.buffer,
            minNoticeMinutes: s.notice,
            maxAdvanceDays: s.advance,
          };
          const from = base + s.fromOffsetQ * 15 * MINUTE_MS;
          const to = from + s.days * 24 * HOUR;
          const now = base + s.nowOffset * MINUTE_MS;
          const query = { from, to, durationMinutes: s.duration, now };
          const slots = computeSlots(a, s.timeOff, s.bookings, query);
          const open = expandWeeklyWindows(
            a.weekly,
            a.timezone,
            from - 2 * 24 * HOUR,
            to + 2 * 24 * HOUR,
          );
          const widened = s.bookings.map((b) => ({
            start: b.start - s.buffer * MINUTE_MS,
            end: b.end + s.buffer * MINUTE_MS,
          }));
          const isBookable = (slot: Interval) =>
            slot.start % (15 * MINUTE_MS) === 0 &&
            slot.start >= from &&
            slot.start < to &&
            slot.start >= now + s.notice * MINUTE_MS &&
            slot.start <= now + s.advance * 24 * HOUR &&
            open.some((w) => w.start <= slot.start && slot.end <= w.end) &&
            !widened.some((b) => overlaps(b, slot)) &&
            !s.timeOff.some((t) => overlaps(t, slot));
          for (const slot of slots) {
            if (!isBookable(slot)) return false;
          }
          // Completeness: brute force over the grid.
          const starts = new Set(slots.map((slot) => slot.start));
          for (
            let start = Math.ceil(from / (15 * MINUTE_MS)) * 15 * MINUTE_MS;
            start < to;
            start += 15 * MINUTE_MS
          ) {
            const candidate = { start, end: start + s.duration * MINUTE_MS };
            if (isBookable(candidate) !== starts.has(start)) return false;
          }
          return new Set(slots.map((slot) => slot.start)).size === slots.length;
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('weeklyWindowProblems', () => {
  it('accepts several non-overlapping windows a day', () => {
    expect(
      weeklyWindowProblems([
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '13:00', end: '24:00' },
      ]),
    ).toEqual([]);
  });

  it('names the field of each problem', () => {
    expect(
      weeklyWindowProblems([
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '11:00', end: '13:00' },
        { weekday: 8, start: '25:00', end: '09:10' },
        { weekday: 2, start: '10:00', end: '09:00' },
      ]),
    ).toEqual([
      { field: 'weekly.2.weekday', message: 'weekday must be 1 (Monday) to 7 (Sunday)' },
      { field: 'weekly.2.start', message: 'start must be HH:mm on a 15-minute grid' },
      { field: 'weekly.2.end', message: 'end must be HH:mm on a 15-minute grid (24:00 allowed)' },
      { field: 'weekly.3.end', message: 'end must be after start' },
      { field: 'weekly.1', message: 'overlaps another window on weekday 1' },
    ]);
  });
});
