import { Injectable } from '@nestjs/common';
import { Clock, ResourceNotFoundError, SqlReader } from '@etutors/platform';
import { TutoringQueries } from '@etutors/tutoring';
import type { Interval } from '../domain/interval.js';
import { computeSlots } from '../domain/slots.js';
import { RangeTooLongError } from '../scheduling.errors.js';
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
    // Both reads at once; the calendar is only used if the tutor turns out to be public.
    const [approved, calendar] = await Promise.all([
      this.tutoring.isApprovedTutor(tutorId),
      readSlotCalendar(this.reader, tutorId, from.getTime(), to.getTime()),
    ]);
    if (!approved) throw new ResourceNotFoundError('tutor');
    if (!calendar.availability) return [];
    return computeSlots(calendar.availability, calendar.timeOff, calendar.bookings, {
      from: from.getTime(),
      to: to.getTime(),
      durationMinutes,
      now: this.clock.now().getTime(),
    });
  }
}
