import {
  LessonInvalidTransitionError,
  LessonNotCompletedError,
  LessonNotStartedError,
} from '../tutoring.errors.js';
import { LessonEntity } from './lesson.entity.js';

const startsAt = new Date('2026-06-01T10:00:00Z');
const endsAt = new Date('2026-06-01T11:00:00Z');
const booked = new Date('2026-05-20T08:00:00Z');
const lesson = () =>
  LessonEntity.schedule(
    'lesson-1',
    { bookingId: 'b-1', tutorId: 't-1', studentId: 's-1', subjectId: 'x-1', startsAt, endsAt },
    booked,
  );

describe('LessonEntity', () => {
  it('is scheduled, with no notes, when its booking is confirmed', () => {
    expect(lesson()).toMatchObject({
      status: 'scheduled',
      notes: '',
      completedAt: null,
      cancelledAt: null,
      createdAt: booked,
      updatedAt: booked,
    });
  });

  it('completes from its start on, and returns exactly the columns it changed', () => {
    const held = lesson();
    expect(() => held.complete(new Date('2026-06-01T09:59:59Z'))).toThrow(LessonNotStartedError);
    expect(held.status).toBe('scheduled');
    const changes = held.complete(startsAt);
    expect(changes).toEqual({ status: 'completed', completedAt: startsAt, updatedAt: startsAt });
    expect(held).toMatchObject(changes);
    expect(() => held.complete(endsAt)).toThrow(LessonInvalidTransitionError);
  });

  it('is cancelled or moved only while scheduled', () => {
    const later = new Date('2026-06-02T10:00:00Z');
    const moved = lesson();
    expect(moved.reschedule(later, new Date('2026-06-02T11:00:00Z'), booked)).toEqual({
      startsAt: later,
      endsAt: new Date('2026-06-02T11:00:00Z'),
      updatedAt: booked,
    });
    expect(moved.cancel(booked)).toEqual({
      status: 'cancelled',
      cancelledAt: booked,
      updatedAt: booked,
    });
    expect(() => moved.cancel(booked)).toThrow(LessonInvalidTransitionError);
    expect(() => moved.reschedule(later, later, booked)).toThrow(LessonInvalidTransitionError);
  });

  it('takes a review only once completed', () => {
    const held = lesson();
    const input = { rating: 5, comment: 'Great', studentDisplayName: 'Sam' };
    expect(() => held.review('r-1', input, endsAt)).toThrow(LessonNotCompletedError);
    held.complete(endsAt);
    expect(held.review('r-1', input, endsAt)).toMatchObject({
      id: 'r-1',
      lessonId: 'lesson-1',
      tutorId: 't-1',
      studentId: 's-1',
      ...input,
      createdAt: endsAt,
    });
  });
});
