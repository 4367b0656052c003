import { DateTime } from 'luxon';

/** A daily window, in the user's own time zone, in which e-mails wait. `"HH:MM"`, 24-hour. */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '22:00', end: '08:00' };

/** A wall-clock time of day, `00:00`..`23:59`. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number);
  return hours! * 60 + minutes!;
};

/**
 * When the quiet window that `at` falls in ends, as an instant; null when `at` is outside it.
 * The window may cross midnight (22:00–08:00); a start equal to its end is an empty window.
 * Local times come from `zone` (IANA), so a DST change moves the instant, not the wall time.
 */
export function quietHoursEnd(at: Date, window: QuietHours, zone: string): Date | null {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return null;
  let local = DateTime.fromJSDate(at, { zone });
  if (!local.isValid) local = DateTime.fromJSDate(at, { zone: 'UTC' });
  const now = local.hour * 60 + local.minute + (local.second + local.millisecond / 1000) / 60;
  const crossesMidnight = start > end;
  const inside = crossesMidnight ? now >= start || now < end : now >= start && now < end;
  if (!inside) return null;
  const endDay = crossesMidnight && now >= start ? local.plus({ days: 1 }) : local;
  return endDay
    .set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 })
    .toJSDate();
}

/** `at`, or the end of the quiet window it falls in: an e-mail is deferred, never dropped. */
export const deferPastQuietHours = (at: Date, window: QuietHours | null, zone: string): Date =>
  (window && quietHoursEnd(at, window, zone)) || at;
