import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LessonInvalidTransitionError, LessonNotCompletedError } from '../tutoring.errors.js';
import { assertCompletable, assertLessonTransition } from './tutoring.policy.js';
import { ReviewEntity } from './review.entity.js';

export type LessonStatus = 'scheduled' | 'completed' | 'cancelled' | 'no_show';

/** The booking a lesson is held for: who, what and when. */
export interface LessonBooking {
  bookingId: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: Date;
  endsAt: Date;
}

/** The columns a lesson's intent methods change; persisted as they are returned. */
export type LessonChanges = Partial<
  Pick<LessonEntity, 'status' | 'notes' | 'startsAt' | 'endsAt' | 'completedAt' | 'cancelledAt'>
> &
  Pick<LessonEntity, 'updatedAt'>;

/** A lesson held for a confirmed booking: scheduled, then completed (or cancelled with its booking). */
@Entity({ schema: 'tutoring', name: 'lessons' })
export class LessonEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { unique: true }) bookingId: string;
  @Column('uuid') tutorId: string;
  @Column('uuid') studentId: string;
  @Column('uuid') subjectId: string;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('text') status: LessonStatus;
  @Column('text') notes: string;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  @Column('timestamptz', { nullable: true }) cancelledAt: Date | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;

  /** The lesson of a booking that was just confirmed. */
  static schedule(id: string, booking: LessonBooking, now: Date): LessonEntity {
    return Object.assign(new LessonEntity(), {
      id,
      ...booking,
      status: 'scheduled',
      notes: '',
      completedAt: null,
      cancelledAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  get isScheduled(): boolean {
    return this.status === 'scheduled';
  }

  /** Held: only a scheduled lesson, and only once it has started. */
  complete(now: Date): LessonChanges {
    assertCompletable(this, now);
    return this.apply({ status: 'completed', completedAt: now, updatedAt: now });
  }

  /** Cancelled with its booking: only while scheduled. */
  cancel(now: Date): LessonChanges {
    assertLessonTransition(this.status, 'cancelled');
    return this.apply({ status: 'cancelled', cancelledAt: now, updatedAt: now });
  }

  /** The tutor marked the student absent on the booking: only while scheduled. */
  noShow(now: Date): LessonChanges {
    assertLessonTransition(this.status, 'no_show');
    return this.apply({ status: 'no_show', updatedAt: now });
  }

  /** Moved with its booking: only while scheduled. */
  reschedule(startsAt: Date, endsAt: Date, now: Date): LessonChanges {
    if (!this.isScheduled) throw new LessonInvalidTransitionError(this.status, 'rescheduled');
    return this.apply({ startsAt, endsAt, updatedAt: now });
  }

  /** The tutor's notes, which both participants read; kept in any state. */
  writeNotes(notes: string, now: Date): LessonChanges {
    return this.apply({ notes, updatedAt: now });
  }

  /** The student's one review of the lesson they had: only once it is completed. */
  review(
    id: string,
    input: { rating: number; comment: string; studentDisplayName: string },
    now: Date,
  ): ReviewEntity {
    if (this.status !== 'completed') throw new LessonNotCompletedError();
    return Object.assign(new ReviewEntity(), {
      id,
      lessonId: this.id,
      tutorId: this.tutorId,
      studentId: this.studentId,
      ...input,
      createdAt: now,
    });
  }

  private apply(changes: LessonChanges): LessonChanges {
    Object.assign(this, changes);
    return changes;
  }
}
