import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock, EventBus, JobHandler, JobQueue, UnitOfWork, defineJob } from '@etutors/platform';
import { BookingEntity } from '../domain/booking.entity.js';
import { BookingExpired, BookingReminderDue } from '../events.js';
import { BookingsService } from './bookings.service.js';

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
    private readonly bookings: BookingsService,
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
      const expired = await tx.manager
        .createQueryBuilder(BookingEntity, 'b')
        .where(`b.status = 'pending_payment'`)
        .andWhere('b.holdExpiresAt <= :now', { now: this.clock.now() })
        .orderBy('b.holdExpiresAt')
        .limit(500)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const booking of expired) {
        await this.bookings.transition(tx, booking, 'expired', null, 'unpaid hold ran out');
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

  /**
   * Publishes each reminder once: the row is claimed by an UPDATE … WHERE reminded_x_at IS NULL,
   * so two workers never both send it.
   */
  @JobHandler(SendBookingReminders)
  async sendReminders(): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const now = this.clock.now();
      let sent = 0;
      for (const reminder of REMINDERS) {
        const [claimed] = (await tx.manager.query(
          `UPDATE scheduling.bookings SET ${reminder.column} = $1
            WHERE status = 'confirmed' AND ${reminder.column} IS NULL AND starts_at > $2 AND starts_at <= $3
            RETURNING id, tutor_id, student_id, starts_at`,
          [now, new Date(now.getTime() + reminder.fromMs), new Date(now.getTime() + reminder.toMs)],
        )) as [{ id: string; tutor_id: string; student_id: string; starts_at: Date }[], number];
        for (const booking of claimed) {
          await this.events.publish(tx, BookingReminderDue, {
            aggregateId: booking.id,
            payload: {
              bookingId: booking.id,
              tutorId: booking.tutor_id,
              studentId: booking.student_id,
              startsAt: booking.starts_at.toISOString(),
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
