import { DateTime } from 'luxon';
import { mergeIntervals, type Interval } from './interval.js';

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
 */
export function expandWeeklyWindows(
  windows: WeeklyWindow[],
  zone: string,
  from: number,
  to: number,
): Interval[] {
  if (windows.length === 0 || to <= from) return [];
  const byWeekday = new Map<number, WeeklyWindow[]>();
  for (const window of windows)
    byWeekday.set(window.weekday, [...(byWeekday.get(window.weekday) ?? []), window]);
  const intervals: Interval[] = [];
  // One local day of margin on each side: windows are local, the range is absolute.
  let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(to, { zone }).startOf('day').plus({ days: 1 });
  while (day <= last) {
    for (const window of byWeekday.get(day.weekday) ?? []) {
      const start = localTime(day, window.start);
      const end = localTime(day, window.end);
      if (end > start && end > from && start < to) intervals.push({ start, end });
    }
    day = day.plus({ days: 1 });
  }
  return mergeIntervals(intervals);
}

/** Epoch ms of a local wall-clock time on `day`; "24:00" is the next day's midnight. */
function localTime(day: DateTime, time: string): number {
  const minutes = minutesOf(time);
  if (minutes === 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day
    .set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 })
    .toMillis();
}
