import { DateTime } from 'luxon';

/** Weeks a series spans at least and at most. */
export const SERIES_MIN_WEEKS = 2;
export const SERIES_MAX_WEEKS = 26;

/** Where a weekly series sits on the tutor's local calendar. */
export interface WeeklyPlacement {
  /** "HH:mm" on the tutor's wall clock. */
  localTime: string;
  /** 1 (Monday) … 7. */
  weekday: number;
  /** Each occurrence's start (epoch ms), first one first. */
  starts: number[];
}

/**
 * The starts of `weeks` lessons at the same wall-clock time as `firstStart` in `zone`, one a
 * week: across a DST change the local time stays and the UTC instant shifts. A wall-clock time
 * a spring change skips is moved forward by the gap, as the zone's clocks do.
 */
export function weeklyPlacement(firstStart: number, weeks: number, zone: string): WeeklyPlacement {
  const first = DateTime.fromMillis(firstStart, { zone });
  return {
    localTime: first.toFormat('HH:mm'),
    weekday: first.weekday,
    starts: Array.from({ length: weeks }, (_, week) => first.plus({ weeks: week }).toMillis()),
  };
}
