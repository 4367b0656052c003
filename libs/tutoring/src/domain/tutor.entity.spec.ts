import { NothingToReviewError } from '../tutoring.errors.js';
import { TutorRevisionEntity } from './tutor-revision.entity.js';
import { TutorEntity, type TutorProfileFields } from './tutor.entity.js';

const fields: TutorProfileFields = {
  headline: 'Algebra made calm',
  bio: 'Ten years.',
  hourlyRateAmount: 4000,
  currency: 'EUR',
  languages: ['en'],
  timezone: 'Europe/Berlin',
  subjectIds: ['s-1'],
};
const day = (n: number) => new Date(`2026-06-0${n}T10:00:00Z`);

describe('TutorEntity', () => {
  it('starts pending and unrated; the first profile is approved or rejected once', () => {
    const tutor = TutorEntity.create('t-1', 'Grace', fields, day(1));
    expect(tutor).toMatchObject({ status: 'pending', ratingCount: 0, ratingAverage: null });
    expect(tutor.underReview(null)).toBe('profile');
    expect(tutor.approve('Welcome', day(2))).toEqual({
      status: 'approved',
      approvedAt: day(2),
      reviewNote: 'Welcome',
      updatedAt: day(2),
    });
    expect(() => tutor.approve(null, day(3))).toThrow(NothingToReviewError);
    expect(() => tutor.reject(null, day(3))).toThrow(NothingToReviewError);
  });

  it('adopts a pending revision into the public profile, and nothing else', () => {
    const tutor = TutorEntity.create('t-1', 'Grace', fields, day(1));
    tutor.approve(null, day(2));
    expect(() => tutor.underReview(null)).toThrow(NothingToReviewError);
    const revision = TutorRevisionEntity.submit('t-1', { ...fields, headline: 'New' }, day(3));
    expect(tutor.underReview(revision)).toBe('revision');
    expect(tutor.adopt(revision, 'Fine', day(4))).toMatchObject({
      headline: 'New',
      reviewNote: 'Fine',
      updatedAt: day(4),
    });
    expect(tutor.status).toBe('approved');

    const refused = TutorRevisionEntity.submit('t-1', fields, day(5));
    expect(refused.reject('No')).toEqual({ status: 'rejected', reviewNote: 'No' });
    expect(() => tutor.underReview(refused)).toThrow(NothingToReviewError);
    expect(() => tutor.adopt(refused, null, day(6))).toThrow(NothingToReviewError);
  });

  it('keeps its rating as an exact sum and count, without touching updatedAt', () => {
    const tutor = TutorEntity.create('t-1', 'Grace', fields, day(1));
    tutor.recordRating(5);
    expect(tutor.recordRating(4)).toEqual({ ratingSum: 9, ratingCount: 2, ratingAverage: '4.50' });
    expect(tutor.updatedAt).toEqual(day(1));
  });
});
