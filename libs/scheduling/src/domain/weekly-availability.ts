import { DateTime, IANAZone } from 'luxon';
import { mergeIntervals, type Interval } from './interval.js';
import { DAY_MS, MINUTE_MS } from '@etutors/platform';

/** A recurring window in the tutor's local calendar: weekday 1 (Monday) … 7, "HH:mm" times, end may be "24:00". */
export interface WeeklyWindow {
  weekday: number;
  start: string;
  end: string;
}

const TIME = /^([01]\d|2[0-3]):(00|15|30|45)$|^24:00$/;

export const minutesOf = (time: string) => {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

/** How many minutes a week the windows are open (they never overlap once validated). */
export const weeklyMinutes = (windows: WeeklyWindow[]) =>
  windows.reduce((total, window) => total + minutesOf(window.end) - minutesOf(window.start), 0);

/** Problems with a weekly schedule, each naming the window; empty when valid. */
export function weeklyWindowProblems(
  windows: WeeklyWindow[],
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  windows.forEach((window, index) => {
    const field = `weekly.${index}`;
    if (!Number.isInteger(window.weekday) || window.weekday < 1 || window.weekday > 7) {
      problems.push({
        field: `${field}.weekday`,
        message: 'weekday must be 1 (Monday) to 7 (Sunday)',
      });
    }
    if (!TIME.test(window.start) || window.start === '24:00') {
      problems.push({
        field: `${field}.start`,
        message: 'start must be HH:mm on a 15-minute grid',
      });
    }
    if (!TIME.test(window.end)) {
      problems.push({
        field: `${field}.end`,
        message: 'end must be HH:mm on a 15-minute grid (24:00 allowed)',
      });
    }
    if (
      TIME.test(window.start) &&
      TIME.test(window.end) &&
      minutesOf(window.start) >= minutesOf(window.end)
    ) {
      problems.push({ field: `${field}.end`, message: 'end must be after start' });
    }
  });
  for (let weekday = 1; weekday <= 7; weekday += 1) {
    const day = windows
      .map((window, index) => ({ window, index }))
      .filter(
        ({ window }) =>
          window.weekday === weekday && TIME.test(window.start) && TIME.test(window.end),
      )
      .sort((a, b) => minutesOf(a.window.start) - minutesOf(b.window.start));
    for (let i = 1; i < day.length; i += 1) {
      if (minutesOf(day[i]!.window.start) < minutesOf(day[i - 1]!.window.end)) {
        problems.push({
          field: `weekly.${day[i]!.index}`,
          message: `overlaps another window on weekday ${weekday}`,
        });
      }
    }
  }
  return problems;
}

/**
 * The absolute intervals the weekly windows cover between `from` and `to`, computed day by day
 * in the tutor's zone: a 09:00–17:00 window is 8 hours on DST days too, and a window across the
 * spring-forward gap loses the hour that does not exist.
 *
 * Most days have no offset change: their local times are plain offsets from local midnight, and
 * the zone is asked once per day. Only a day with a transition goes through luxon's calendar
 * arithmetic, so a month of slots costs a few dozen zone look-ups rather than hundreds of
 * DateTime objects.
 */
export function expandWeeklyWindows(
  windows: WeeklyWindow[],
  zone: string,
  from: number,
  to: number,
): Interval[] {
  if (windows.length === 0 || to <= from) return [];
  const byWeekday: [number, number][][] = Array.from({ length: 8 }, () => []);
  for (const window of windows)
    byWeekday[window.weekday]?.push([minutesOf(window.start), minutesOf(window.end)]);
  const offsetAt = zoneOffsets(zone);
  const intervals: Interval[] = [];
  // One local day of margin on each side: windows are local, the range is absolute.
  const first = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(to, { zone }).startOf('day').plus({ days: 1 }).toMillis();
  let midnight = first.toMillis();
  let weekday = first.weekday;
  while (midnight <= last) {
    // A day that starts at 00:00 on the wall and has the same offset a whole day later has no
    // transition (zones never change twice a day): its times are offsets from midnight.
    const offsetMs = offsetAt(midnight);
    const regular =
      (midnight + offsetMs) % DAY_MS === 0 && offsetAt(midnight + DAY_MS) === offsetMs;
    const day = regular ? null : DateTime.fromMillis(midnight, { zone });
    for (const [startMinutes, endMinutes] of byWeekday[weekday]!) {
      const start = day ? localTime(day, startMinutes) : midnight + startMinutes * MINUTE_MS;
      const end = day ? localTime(day, endMinutes) : midnight + endMinutes * MINUTE_MS;
      if (end > start && end > from && start < to) intervals.push({ start, end });
    }
    midnight = day ? day.plus({ days: 1 }).startOf('day').toMillis() : midnight + DAY_MS;
    weekday = (weekday % 7) + 1;
  }
  return mergeIntervals(intervals);
}

const OFFSET_CACHE_LIMIT = 50_000;
const offsetCache = new Map<string, Map<number, number>>();
let cachedOffsets = 0;

/**
 * The zone's UTC offset in ms at an instant, remembered: asking Intl costs microseconds, the
 * answer never changes while the process runs, and tutors of one zone share the same midnights.
 */
function zoneOffsets(zone: string): (at: number) => number {
  let offsets = offsetCache.get(zone);
  if (!offsets) {
    offsets = new Map();
    offsetCache.set(zone, offsets);
  }
  const known = offsets;
  const tz = IANAZone.create(zone);
  return (at) => {
    let offset = known.get(at);
    if (offset === undefined) {
      if (cachedOffsets >= OFFSET_CACHE_LIMIT) {
        for (const map of offsetCache.values()) map.clear();
        cachedOffsets = 0;
      }
      offset = tz.offset(at) * MINUTE_MS;
      known.set(at, offset);
      cachedOffsets += 1;
    }
    return offset;
  };
}

/** Epoch ms of a local wall-clock time (minutes after midnight) on `day`; 1440 is the next midnight. */
function localTime(day: DateTime, minutes: number): number {
  if (minutes === 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day
    .set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 })
    .toMillis();
}
