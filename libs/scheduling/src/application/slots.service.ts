import { Injectable } from '@nestjs/common';
import { Clock, DAY_MS, ResourceNotFoundError, SqlReader } from '@etutors/platform';
import { TutoringQueries } from '@etutors/tutoring';
import type { Interval } from '../domain/interval.js';
import { withinLessonLimits } from '../domain/booking-limits.js';
import { computeSlots } from '../domain/slots.js';
import { RangeTooLongError } from '../scheduling.errors.js';
import { readLessonLimitsCalendar } from '../infrastructure/booking-limits.reader.js';
import { readSlotCalendar } from '../infrastructure/tutor-calendar.reader.js';

const MAX_RANGE_MS = 31 * 24 * 60 * 60 * 1000;

/** The public view of a tutor's calendar: free bookable starts. */
@Injectable()
export class SlotsService {
  constructor(
    private readonly reader: SqlReader,
    private readonly tutoring: TutoringQueries,
    private readonly clock: Clock,
  ) {}

  /** The free bookable lessons of `durationMinutes` starting in `[from, to)`, in time order. */
  async slots(tutorId: string, from: Date, to: Date, durationMinutes: number): Promise<Interval[]> {
    if (to <= from || to.getTime() - from.getTime() > MAX_RANGE_MS) throw new RangeTooLongError();
    // All reads at once; the calendar is only used if the tutor turns out to be public. The
    // lessons counted against limits are read a week wider on each side: every local week the
    // range touches is whole.
    const [approved, calendar, limits] = await Promise.all([
      this.tutoring.isApprovedTutor(tutorId),
      readSlotCalendar(this.reader, tutorId, from.getTime(), to.getTime()),
      readLessonLimitsCalendar(
        this.reader,
        tutorId,
        from.getTime() - 8 * DAY_MS,
        to.getTime() + 8 * DAY_MS,
      ),
    ]);
    if (!approved) throw new ResourceNotFoundError('tutor');
    if (!calendar.availability) return [];
    const slots = computeSlots(calendar.availability, calendar.timeOff, calendar.bookings, {
      from: from.getTime(),
      to: to.getTime(),
      durationMinutes,
      now: this.clock.now().getTime(),
    });
    // Days and weeks already holding as many lessons as the tutor takes offer none.
    return withinLessonLimits(
      slots,
      limits.limits,
      calendar.availability.timezone,
      limits.lessonStarts,
    );
  }
}
