import { Injectable } from '@nestjs/common';
import { EventBus, OnEvent, newId, type DomainEvent, type Transaction } from '@etutors/platform';
// Scheduling's event contracts only: its module depends on tutoring (the query port), and its
// events entry point loads nothing but the platform.
import {
  BookingCancelled,
  BookingConfirmed,
  BookingNoShow,
  BookingRescheduled,
  type BookingCancelledPayload,
  type BookingConfirmedPayload,
  type BookingNoShowPayload,
  type BookingRescheduledPayload,
} from '@etutors/scheduling/events';
import { LessonEntity } from '../domain/lesson.entity.js';
import { LessonCancelled } from '../events.js';

/** Keeps lessons in step with bookings: created on confirmation, moved on reschedule, cancelled with the booking, marked when the student did not come. */
@Injectable()
export class LessonCalendarSubscriber {
  constructor(private readonly events: EventBus) {}

  @OnEvent(BookingConfirmed, {
    name: 'tutoring.create-lesson',
    formerNames: ['LessonCalendarSubscriber.createLesson'],
  })
  async createLesson(
    { payload, occurredAt }: DomainEvent<BookingConfirmedPayload>,
    tx: Transaction,
  ): Promise<void> {
    const lesson = LessonEntity.schedule(
      newId(),
      {
        bookingId: payload.bookingId,
        tutorId: payload.tutorId,
        studentId: payload.studentId,
        subjectId: payload.subjectId,
        startsAt: new Date(payload.startsAt),
        endsAt: new Date(payload.endsAt),
      },
      new Date(occurredAt),
    );
    // One lesson per booking, whatever else delivered the confirmation before.
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(LessonEntity)
      .values(lesson)
      .orIgnore()
      .execute();
  }

  @OnEvent(BookingRescheduled, {
    name: 'tutoring.move-lesson',
    formerNames: ['LessonCalendarSubscriber.moveLesson'],
  })
  async moveLesson(
    { payload, occurredAt }: DomainEvent<BookingRescheduledPayload>,
    tx: Transaction,
  ): Promise<void> {
    const lesson = await this.lessonOf(tx, payload.bookingId);
    // A lesson already held or cancelled stays as it is.
    if (!lesson?.isScheduled) return;
    await tx.manager.update(
      LessonEntity,
      { id: lesson.id },
      lesson.reschedule(new Date(payload.startsAt), new Date(payload.endsAt), new Date(occurredAt)),
    );
  }

  @OnEvent(BookingCancelled, {
    name: 'tutoring.cancel-lesson',
    formerNames: ['LessonCalendarSubscriber.cancelLesson'],
  })
  async cancelLesson(
    { payload, occurredAt, actorId }: DomainEvent<BookingCancelledPayload>,
    tx: Transaction,
  ): Promise<void> {
    const lesson = await this.lessonOf(tx, payload.bookingId);
    if (!lesson?.isScheduled) return;
    await tx.manager.update(LessonEntity, { id: lesson.id }, lesson.cancel(new Date(occurredAt)));
    await this.events.publish(tx, LessonCancelled, {
      aggregateId: lesson.id,
      actorId,
      payload: {
        lessonId: lesson.id,
        bookingId: payload.bookingId,
        tutorId: lesson.tutorId,
        studentId: lesson.studentId,
      },
    });
  }

  @OnEvent(BookingNoShow, { name: 'tutoring.mark-lesson-no-show' })
  async markNoShow({ payload }: DomainEvent<BookingNoShowPayload>, tx: Transaction): Promise<void> {
    const lesson = await this.lessonOf(tx, payload.bookingId);
    // A lesson already completed (by the tutor or the schedule) stays as it is.
    if (!lesson?.isScheduled) return;
    await tx.manager.update(
      LessonEntity,
      { id: lesson.id },
      lesson.noShow(new Date(payload.markedAt)),
    );
  }

  private lessonOf(tx: Transaction, bookingId: string): Promise<LessonEntity | null> {
    return tx.manager.findOne(LessonEntity, {
      where: { bookingId },
      lock: { mode: 'pessimistic_write' },
    });
  }
}
