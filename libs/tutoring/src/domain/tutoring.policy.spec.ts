import { LessonInvalidTransitionError, LessonNotStartedError } from '../tutoring.errors.js';
import { assertCompletable, placeProfileEdit, ratingAfter } from './tutoring.policy.js';

describe('placeProfileEdit', () => {
  it('creates a first profile, edits an unapproved one in place, holds edits of an approved one', () => {
    expect(placeProfileEdit(null)).toBe('create');
    expect(placeProfileEdit('pending')).toBe('replace_pending');
    expect(placeProfileEdit('rejected')).toBe('replace_pending');
    expect(placeProfileEdit('approved')).toBe('revision');
  });
});

describe('assertCompletable', () => {
  const startsAt = new Date('2026-06-01T10:00:00Z');

  it('allows a scheduled lesson from its start on', () => {
    expect(() => assertCompletable({ status: 'scheduled', startsAt }, startsAt)).not.toThrow();
  });

  it('refuses before the start and from any final state', () => {
    expect(() =>
      assertCompletable({ status: 'scheduled', startsAt }, new Date('2026-06-01T09:59:59Z')),
    ).toThrow(LessonNotStartedError);
    for (const status of ['completed', 'cancelled', 'no_show'] as const) {
      expect(() =>
        assertCompletable({ status, startsAt }, new Date('2026-06-02T00:00:00Z')),
      ).toThrow(LessonInvalidTransitionError);
    }
  });
});

describe('ratingAfter', () => {
  it('keeps an exact sum and count and a two-decimal average', () => {
    expect(ratingAfter({ sum: 0, count: 0 }, 5)).toEqual({ sum: 5, count: 1, average: 5 });
    expect(ratingAfter({ sum: 9, count: 2 }, 5)).toEqual({ sum: 14, count: 3, average: 4.67 });
    // 187 / 40 = 4.675: a half, rounded up (dividing first would give 4.67499… and round down).
    expect(ratingAfter({ sum: 182, count: 39 }, 5)).toEqual({ sum: 187, count: 40, average: 4.68 });
  });
});
