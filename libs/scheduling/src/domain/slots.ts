import { mergeIntervals, subtractIntervals, type Interval } from './interval.js';
import { expandWeeklyWindows, type WeeklyWindow } from './weekly-availability.js';
import { MINUTE_MS } from '@etutors/platform';

export const SLOT_GRID_MINUTES = 15;
export const SLOT_DURATIONS = [30, 45, 60, 90, 120] as const;

export interface Availability {
  timezone: string;
  weekly: WeeklyWindow[];
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
}

export interface SlotQuery {
  from: number;
  to: number;
  durationMinutes: number;
  now: number;
}

/**
 * The bookable starts in `[from, to)`: on the 15-minute grid, the whole lesson inside one weekly
 * window of the tutor's local calendar, clear of time off and of every active booking widened by
 * the buffer on both sides, no earlier than now + minimum notice and no later than now + maximum
 * advance. Linear in the size of the range plus the number of bookings and time-off periods.
 */
export function computeSlots(
  availability: Availability,
  timeOff: Interval[],
  bookings: Interval[],
  query: SlotQuery,
): Interval[] {
  const duration = query.durationMinutes * MINUTE_MS;
  const buffer = availability.bufferMinutes * MINUTE_MS;
  const earliest = Math.max(query.from, query.now + availability.minNoticeMinutes * MINUTE_MS);
  const latest = Math.min(
    query.to - 1,
    query.now + availability.maxAdvanceDays * 24 * 60 * MINUTE_MS,
  );
  if (latest < earliest) return [];

  const open = expandWeeklyWindows(
    availability.weekly,
    availability.timezone,
    earliest,
    latest + duration,
  );
  const blocked = mergeIntervals([
    ...timeOff,
    ...bookings.map((booking) => ({ start: booking.start - buffer, end: booking.end + buffer })),
  ]);
  const free = subtractIntervals(open, blocked);

  const grid = SLOT_GRID_MINUTES * MINUTE_MS;
  const slots: Interval[] = [];
  for (const interval of free) {
    let start = Math.ceil(Math.max(interval.start, earliest) / grid) * grid;
    for (; start + duration <= interval.end && start <= latest; start += grid) {
      slots.push({ start, end: start + duration });
    }
  }
  return slots;
}

/** Why a requested start is not a current slot. */
export type SlotProblem =
  | 'in_past'
  | 'off_grid'
  | 'within_notice'
  | 'beyond_advance'
  | 'outside_availability'
  | 'unavailable';

/** Whether one requested start is a current slot; the reason when it is not (for a 422). */
export function slotProblem(
  availability: Availability,
  timeOff: Interval[],
  bookings: Interval[],
  request: { start: number; durationMinutes: number; now: number },
): SlotProblem | null {
  // A start that has passed is its own reason: no notice setting could make it bookable.
  if (request.start < request.now) return 'in_past';
  const grid = SLOT_GRID_MINUTES * MINUTE_MS;
  if (request.start % grid !== 0) return 'off_grid';
  if (request.start < request.now + availability.minNoticeMinutes * MINUTE_MS)
    return 'within_notice';
  if (request.start > request.now + availability.maxAdvanceDays * 24 * 60 * MINUTE_MS)
    return 'beyond_advance';
  const end = request.start + request.durationMinutes * MINUTE_MS;
  const open = expandWeeklyWindows(availability.weekly, availability.timezone, request.start, end);
  if (!open.some((interval) => interval.start <= request.start && end <= interval.end))
    return 'outside_availability';
  const [slot] = computeSlots(availability, timeOff, bookings, {
    from: request.start,
    to: request.start + 1,
    durationMinutes: request.durationMinutes,
    now: request.now,
  });
  return slot?.start === request.start ? null : 'unavailable';
}
