import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  UnitOfWork,
  newId,
  mayView,
  scopeToParticipant,
  type AuthUser,
  type Page,
  type Transaction,
  readPage,
} from '@etutors/platform';
import { DataSource } from 'typeorm';
import { LessonEntity, type LessonStatus } from '../domain/lesson.entity.js';
import { PersonEntity } from '../domain/person.entity.js';
import { ReviewEntity } from '../domain/review.entity.js';
import { TutorEntity } from '../domain/tutor.entity.js';
import { AUTO_COMPLETE_AFTER_MS } from '../domain/tutoring.policy.js';
import { LessonCompleted, ReviewSubmitted } from '../events.js';
import { AlreadyReviewedError } from '../tutoring.errors.js';

export interface LessonView {
  id: string;
  bookingId: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: string;
  endsAt: string;
  status: LessonStatus;
  notes: string;
  completedAt: string | null;
}

export interface LessonFilters {
  status?: LessonStatus;
  from?: Date;
  to?: Date;
  bookingId?: string;
  page: number;
  limit: number;
}

const toView = (lesson: LessonEntity): LessonView => ({
  id: lesson.id,
  bookingId: lesson.bookingId,
  tutorId: lesson.tutorId,
  studentId: lesson.studentId,
  subjectId: lesson.subjectId,
  startsAt: lesson.startsAt.toISOString(),
  endsAt: lesson.endsAt.toISOString(),
  status: lesson.status,
  notes: lesson.notes,
  completedAt: lesson.completedAt?.toISOString() ?? null,
});

/** The lesson record: participants (and admins) see it; the tutor completes it and keeps notes; the student reviews it. */
@Injectable()
export class LessonsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  // Plain reads, outside any transaction (see UnitOfWork).
  async list(user: AuthUser, filters: LessonFilters): Promise<Page<LessonView>> {
    const query = this.dataSource.manager.createQueryBuilder(LessonEntity, 'l');
    scopeToParticipant(query, 'l', user, ['tutorId', 'studentId']);
    if (filters.status) query.andWhere('l.status = :status', { status: filters.status });
    if (filters.from) query.andWhere('l.endsAt > :from', { from: filters.from });
    if (filters.to) query.andWhere('l.startsAt < :to', { to: filters.to });
    if (filters.bookingId)
      query.andWhere('l.bookingId = :bookingId', { bookingId: filters.bookingId });
    return readPage(query, 'startsAt', filters, toView);
  }

  async get(user: AuthUser, id: string): Promise<LessonView> {
    const lesson = await this.dataSource.manager.findOne(LessonEntity, { where: { id } });
    if (!lesson || !mayView(user, lesson.tutorId, lesson.studentId)) {
      throw new ResourceNotFoundError('lesson');
    }
    return toView(lesson);
  }

  async complete(tutor: AuthUser, id: string): Promise<LessonView> {
    return this.unitOfWork.run(async (tx) => {
      const lesson = await this.tutorsLesson(tx, tutor, id);
      await this.persistCompletion(tx, lesson, 'tutor', tutor.id);
      return toView(lesson);
    });
  }

  async writeNotes(tutor: AuthUser, id: string, notes: string): Promise<LessonView> {
    return this.unitOfWork.run(async (tx) => {
      const lesson = await this.tutorsLesson(tx, tutor, id);
      await tx.manager.update(LessonEntity, { id }, lesson.writeNotes(notes, this.clock.now()));
      return toView(lesson);
    });
  }

  /** The student of a completed lesson reviews it once; the tutor's rating moves in the same transaction. */
  async review(student: AuthUser, id: string, input: { rating: number; comment?: string }) {
    return this.unitOfWork.run(async (tx) => {
      const lesson = await tx.manager.findOne(LessonEntity, {
        where: { id, studentId: student.id },
      });
      if (!lesson) throw new ResourceNotFoundError('lesson');
      const person = await tx.manager.findOne(PersonEntity, { where: { userId: student.id } });
      const review = lesson.review(
        newId(),
        {
          rating: input.rating,
          comment: input.comment ?? '',
          studentDisplayName: person?.displayName ?? '',
        },
        this.clock.now(),
      );
      // The unique lesson id makes a second review (even a concurrent one) insert nothing.
      const inserted = (await tx.manager
        .createQueryBuilder()
        .insert()
        .into(ReviewEntity)
        .values(review)
        .orIgnore()
        .returning(['id'])
        .execute()) as { raw: unknown[] };
      if (inserted.raw.length === 0) throw new AlreadyReviewedError();
      const tutor = await tx.manager.findOne(TutorEntity, {
        where: { userId: lesson.tutorId },
        lock: { mode: 'pessimistic_write' },
      });
      if (tutor) {
        await tx.manager.update(
          TutorEntity,
          { userId: tutor.userId },
          tutor.recordRating(review.rating),
        );
      }
      await this.events.publish(tx, ReviewSubmitted, {
        aggregateId: lesson.tutorId,
        actorId: student.id,
        payload: {
          reviewId: review.id,
          lessonId: id,
          tutorId: lesson.tutorId,
          studentId: student.id,
          rating: review.rating,
          ratingAverage: tutor ? Number(tutor.ratingAverage) : review.rating,
          ratingCount: tutor?.ratingCount ?? 1,
        },
      });
      return {
        id: review.id,
        lessonId: id,
        rating: review.rating,
        comment: review.comment,
        createdAt: review.createdAt.toISOString(),
      };
    });
  }

  /** Completes lessons still scheduled a day after their end (run by a scheduled job). */
  async completeOverdue(limit = 200): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const cutoff = new Date(this.clock.now().getTime() - AUTO_COMPLETE_AFTER_MS);
      const overdue = await tx.manager
        .createQueryBuilder(LessonEntity, 'l')
        .where(`l.status = 'scheduled'`)
        .andWhere('l.endsAt < :cutoff', { cutoff })
        .orderBy('l.endsAt')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const lesson of overdue) await this.persistCompletion(tx, lesson, 'system', null);
      return overdue.length;
    });
  }

  /** Completes the lesson (the entity guards the transition), persists it and publishes it. */
  private async persistCompletion(
    tx: Transaction,
    lesson: LessonEntity,
    by: 'tutor' | 'system',
    actorId: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    await tx.manager.update(LessonEntity, { id: lesson.id }, lesson.complete(now));
    await this.events.publish(tx, LessonCompleted, {
      aggregateId: lesson.id,
      actorId,
      payload: {
        lessonId: lesson.id,
        bookingId: lesson.bookingId,
        tutorId: lesson.tutorId,
        studentId: lesson.studentId,
        completedAt: now.toISOString(),
        completedBy: by,
      },
    });
  }

  private async tutorsLesson(tx: Transaction, tutor: AuthUser, id: string): Promise<LessonEntity> {
    const lesson = await tx.manager.findOne(LessonEntity, {
      where: { id, tutorId: tutor.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!lesson) throw new ResourceNotFoundError('lesson');
    return lesson;
  }
}
