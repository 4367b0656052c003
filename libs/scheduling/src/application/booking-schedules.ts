import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock, EventBus, JobHandler, JobQueue, UnitOfWork, defineJob } from '@etutors/platform';
import { BookingExpired, BookingReminderDue } from '../events.js';
import { BookingRepository } from '../infrastructure/booking.repository.js';

export const ExpireBookingHolds = defineJob<Record<string, never>>(
  'billing',
  'scheduling.expire-booking-holds',
);
export const SendBookingReminders = defineJob<Record<string, never>>(
  'notifications',
  'scheduling.send-booking-reminders',
);

const HOUR = 3_600_000;
const REMINDERS = [
  // A lesson booked less than an hour ahead gets only the 1-hour reminder.
  { before: '24h', fromMs: HOUR, toMs: 24 * HOUR, column: 'reminded_24h_at' },
  { before: '1h', fromMs: 0, toMs: HOUR, column: 'reminded_1h_at' },
] as const;

/** Housekeeping of bookings: unpaid holds expire (the slot frees), reminders go out before lessons. */
@Injectable()
export class BookingSchedules {
  private readonly logger = new Logger('BookingSchedules');

  constructor(
    private readonly jobs: JobQueue,
    private readonly unitOfWork: UnitOfWork,
    private readonly bookings: BookingRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE)
  async enqueue(): Promise<void> {
    const minute = Math.floor(this.clock.now().getTime() / 60_000);
    await this.jobs.enqueue(ExpireBookingHolds, {}, { jobId: `expire-holds:${minute}` });
    await this.jobs.enqueue(SendBookingReminders, {}, { jobId: `reminders:${minute}` });
  }

  /** Expires every unpaid booking whose hold ran out; skips rows another worker holds. */
  @JobHandler(ExpireBookingHolds)
  async expireHolds(): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const now = this.clock.now();
      const expired = await this.bookings.lockExpiredHolds(tx, now, 500);
      for (const booking of expired) {
        booking.expire('unpaid hold ran out', now);
        await this.bookings.save(tx, booking);
        await this.events.publish(tx, BookingExpired, {
          aggregateId: booking.id,
          payload: {
            bookingId: booking.id,
            tutorId: booking.tutorId,
            studentId: booking.studentId,
          },
        });
      }
      if (expired.length > 0) this.logger.log(`Expired ${expired.length} unpaid bookings`);
      return expired.length;
    });
  }

  /** Publishes each reminder once: the booking's row is claimed first, so two workers never both send it. */
  @JobHandler(SendBookingReminders)
  async sendReminders(): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const now = this.clock.now();
      let sent = 0;
      for (const reminder of REMINDERS) {
        const claimed = await this.bookings.claimReminders(
          tx,
          reminder.column,
          {
            from: new Date(now.getTime() + reminder.fromMs),
            to: new Date(now.getTime() + reminder.toMs),
          },
          now,
        );
        for (const booking of claimed) {
          await this.events.publish(tx, BookingReminderDue, {
            aggregateId: booking.id,
            payload: {
              bookingId: booking.id,
              tutorId: booking.tutorId,
              studentId: booking.studentId,
              startsAt: booking.startsAt.toISOString(),
              before: reminder.before,
            },
          });
        }
        sent += claimed.length;
      }
      return sent;
    });
  }
}
