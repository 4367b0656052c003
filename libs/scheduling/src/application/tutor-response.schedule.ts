import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import {
  Clock,
  EventBus,
  JobHandler,
  JobQueue,
  MINUTE_MS,
  UnitOfWork,
  defineJob,
} from '@etutors/platform';
import { BookingCancelled } from '../events.js';
import { BookingRepository } from '../infrastructure/booking.repository.js';
import { cancellationFacts } from './booking-view.js';

export const DeclineUnansweredRequests = defineJob<Record<string, never>>(
  'billing',
  'scheduling.decline-unanswered-requests',
);

/** Request to book: a request the tutor did not answer in time is declined, refunded in full. */
@Injectable()
export class TutorResponseSchedule {
  private readonly logger = new Logger('TutorResponseSchedule');

  constructor(
    private readonly jobs: JobQueue,
    private readonly unitOfWork: UnitOfWork,
    private readonly bookings: BookingRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE)
  async enqueue(): Promise<void> {
    const minute = Math.floor(this.clock.now().getTime() / MINUTE_MS);
    await this.jobs.enqueue(DeclineUnansweredRequests, {}, { jobId: `decline-requests:${minute}` });
  }

  /** Declines every request whose time to answer ran out; skips rows another worker holds. */
  @JobHandler(DeclineUnansweredRequests)
  async declineUnanswered(): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const now = this.clock.now();
      const overdue = await this.bookings.lockOverdueRequests(tx, now, 500);
      for (const booking of overdue) {
        booking.decline(null, 'the tutor did not answer in time', now);
        await this.bookings.save(tx, booking);
        await this.events.publish(tx, BookingCancelled, {
          aggregateId: booking.id,
          // On the tutor's behalf: nobody acted, the time to answer ran out.
          payload: cancellationFacts(booking, booking.tutorId, false),
        });
      }
      if (overdue.length > 0) this.logger.log(`Declined ${overdue.length} unanswered requests`);
      return overdue.length;
    });
  }
}
