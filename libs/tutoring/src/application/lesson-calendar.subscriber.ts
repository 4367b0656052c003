import { Injectable } from '@nestjs/common';
import { EventBus, OnEvent, newId, type DomainEvent, type Transaction } from '@etutors/platform';
// Types only: scheduling depends on tutoring at run time (its query port), so tutoring refers to
// scheduling's events by their type names and must not load that context.
import type {
  BookingCancelledPayload,
  BookingConfirmedPayload,
  BookingRescheduledPayload,
} from '@etutors/scheduling';
import { LessonCancelled } from '../events.js';

/** Keeps lessons in step with bookings: created on confirmation, moved on reschedule, cancelled with the booking. */
@Injectable()
export class LessonCalendarSubscriber {
  constructor(private readonly events: EventBus) {}

  @OnEvent('scheduling.booking.confirmed')
  async createLesson(
    { payload, occurredAt }: DomainEvent<BookingConfirmedPayload>,
    tx: Transaction,
  ): Promise<void> {
    await tx.manager.query(
      `INSERT INTO tutoring.lessons (id, booking_id, tutor_id, student_id, subject_id, starts_at, ends_at, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8, $8)
       ON CONFLICT (booking_id) DO NOTHING`,
      [
        newId(),
        payload.bookingId,
        payload.tutorId,
        payload.studentId,
        payload.subjectId,
        payload.startsAt,
        payload.endsAt,
        occurredAt,
      ],
    );
  }

  @OnEvent('scheduling.booking.rescheduled')
  async moveLesson(
    { payload, occurredAt }: DomainEvent<BookingRescheduledPayload>,
    tx: Transaction,
  ): Promise<void> {
    await tx.manager.query(
      `UPDATE tutoring.lessons SET starts_at = $2, ends_at = $3, updated_at = $4
        WHERE booking_id = $1 AND status = 'scheduled'`,
      [payload.bookingId, payload.startsAt, payload.endsAt, occurredAt],
    );
  }

  @OnEvent('scheduling.booking.cancelled')
  async cancelLesson(
    { payload, occurredAt, actorId }: DomainEvent<BookingCancelledPayload>,
    tx: Transaction,
  ): Promise<void> {
    const cancelled = (await tx.manager.query(
      `UPDATE tutoring.lessons SET status = 'cancelled', cancelled_at = $2, updated_at = $2
        WHERE booking_id = $1 AND status = 'scheduled' RETURNING id, tutor_id, student_id`,
      [payload.bookingId, occurredAt],
    )) as [{ id: string; tutor_id: string; student_id: string }[], number];
    for (const lesson of cancelled[0]) {
      await this.events.publish(tx, LessonCancelled, {
        aggregateId: lesson.id,
        actorId,
        payload: {
          lessonId: lesson.id,
          bookingId: payload.bookingId,
          tutorId: lesson.tutor_id,
          studentId: lesson.student_id,
        },
      });
    }
  }
}
