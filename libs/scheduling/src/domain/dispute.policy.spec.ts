import {
  absenceWindowProblem,
  disputeWindowProblem,
  refundOnResolution,
} from './dispute.policy.js';

const HOUR = 3_600_000;
const lesson = {
  startsAt: new Date('2026-06-01T10:00:00Z'),
  endsAt: new Date('2026-06-01T11:30:00Z'),
};
const at = (base: Date, offset: number) => new Date(base.getTime() + offset);

describe('dispute policy', () => {
  it('takes absence reports from the start until a day after the end, both ends included', () => {
    expect(absenceWindowProblem(lesson, at(lesson.startsAt, -1))).toBe('too_early');
    expect(absenceWindowProblem(lesson, lesson.startsAt)).toBeNull();
    expect(absenceWindowProblem(lesson, at(lesson.endsAt, 24 * HOUR))).toBeNull();
    expect(absenceWindowProblem(lesson, at(lesson.endsAt, 24 * HOUR + 1))).toBe('too_late');
  });

  it('takes disputes from the end until three days after it, both ends included', () => {
    expect(disputeWindowProblem(lesson, at(lesson.endsAt, -1))).toBe('too_early');
    expect(disputeWindowProblem(lesson, lesson.endsAt)).toBeNull();
    expect(disputeWindowProblem(lesson, at(lesson.endsAt, 72 * HOUR))).toBeNull();
    expect(disputeWindowProblem(lesson, at(lesson.endsAt, 72 * HOUR + 1))).toBe('too_late');
  });

  it('refunds the price, a part of it strictly between nothing and all, or nothing', () => {
    expect(refundOnResolution('full_refund', 6000, undefined)).toBe(6000);
    expect(refundOnResolution('no_refund', 6000, undefined)).toBe(0);
    expect(refundOnResolution('partial_refund', 6000, 1)).toBe(1);
    expect(refundOnResolution('partial_refund', 6000, 5999)).toBe(5999);
    for (const amount of [undefined, 0, 6000, 6001, 10.5]) {
      expect(refundOnResolution('partial_refund', 6000, amount)).toBeNull();
    }
    expect(refundOnResolution('full_refund', 6000, 6000)).toBeNull();
    expect(refundOnResolution('no_refund', 6000, 100)).toBeNull();
  });
});
