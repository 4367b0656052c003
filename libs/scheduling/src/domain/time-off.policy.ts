import { MINUTE_MS } from '@etutors/platform';

/** The longest time off a tutor may take at once; longer absences are a paused profile. */
export const MAX_TIME_OFF_DAYS = 365;

/**
 * Why time off `[start, end)` cannot be taken at `now`, or null: it must end after it starts,
 * must not have ended already (it may have begun: an absence that started this morning), and
 * may span at most {@link MAX_TIME_OFF_DAYS} days.
 */
export function timeOffProblem(input: {
  start: number;
  end: number;
  now: number;
}): 'ends_before_start' | 'in_past' | 'too_long' | null {
  if (input.end <= input.start) return 'ends_before_start';
  if (input.end <= input.now) return 'in_past';
  if (input.end - input.start > MAX_TIME_OFF_DAYS * 24 * 60 * MINUTE_MS) return 'too_long';
  return null;
}
