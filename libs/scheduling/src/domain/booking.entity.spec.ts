import { BookingEntity, type BookableTutor } from './booking.entity.js';
import type { BookingRules } from './booking.policy.js';
import { MINUTE_MS } from '@etutors/platform';

const HOUR = 60 * MINUTE_MS;
const now = new Date('2026-06-01T08:00:00Z');
const tutor: BookableTutor = {
  approved: true,
  teachesSubject: true,
  hourlyRate: { amount: 4000, currency: 'EUR' },
};
const rules: BookingRules = {
  availability: {
    timezone: 'UTC',
    weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    bufferMinutes: 15,
    minNoticeMinutes: 0,
    maxAdvanceDays: 60,
  },
  timeOff: [],
};
const request = (overrides: Partial<Parameters<typeof BookingEntity.request>[0]> = {}) =>
  BookingEntity.request({
    studentId: 'student',
    tutorId: 'tutor',
    subjectId: 'subject',
    startsAt: new Date(now.getTime() + 48 * HOUR),
    durationMinutes: 90,
    tutor,
    rules,
    holdMs: 15 * MINUTE_MS,
    now,
    ...overrides,
  });
const code = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return null;
};

describe('BookingEntity', () => {
  it('requests a held booking priced at rate × duration, blocking the buffer, and records it', () => {
    const booking = request();
    expect(booking).toMatchObject({
      status: 'pending_payment',
      priceAmount: 6000,
      currency: 'EUR',
      endsAt: new Date(now.getTime() + 49.5 * HOUR),
      blockedUntil: new Date(now.getTime() + 49.75 * HOUR),
      holdExpiresAt: new Date(now.getTime() + 15 * MINUTE_MS),
    });
    const history = booking.takeRecordedHistory();
    expect(history).toEqual([
      expect.objectContaining({
        bookingId: booking.id,
        fromStatus: null,
        toStatus: 'pending_payment',
        actorId: 'student',
      }),
    ]);
    expect(booking.takeRecordedHistory()).toEqual([]);
  });

  it('never holds past the start', () => {
    // Ten minutes before a start on the grid, with a fifteen-minute hold.
    const startsAt = new Date(now.getTime() + 15 * MINUTE_MS);
    const later = new Date(now.getTime() + 5 * MINUTE_MS);
    expect(request({ startsAt, now: later }).holdExpiresAt).toEqual(startsAt);
  });

  it('refuses what cannot be booked, each with its reason', () => {
    expect(code(() => request({ tutorId: 'student' }))).toBe('booking.self_booking');
    expect(code(() => request({ tutor: null }))).toBe('booking.tutor_not_bookable');
    expect(code(() => request({ tutor: { ...tutor, teachesSubject: false } }))).toBe(
      'booking.subject_not_taught',
    );
    expect(code(() => request({ startsAt: new Date(now.getTime() - HOUR) }))).toBe(
      'booking.in_past',
    );
    expect(code(() => request({ rules: { availability: null, timeOff: [] } }))).toBe(
      'booking.outside_availability',
    );
    const start = now.getTime() + 48 * HOUR;
    expect(
      code(() => request({ rules: { ...rules, timeOff: [{ start, end: start + HOUR }] } })),
    ).toBe('booking.unavailable');
  });

  it('moves only along the documented transitions, recording each', () => {
    const booking = request();
    booking.confirm('student', 'payment p1', now);
    expect(code(() => booking.expire('late', now))).toBe('booking.invalid_transition');
    booking.complete('tutor', now);
    expect(code(() => booking.cancel('student', null, now))).toBe('booking.invalid_transition');
    expect(booking.takeRecordedHistory().map((h) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'pending_payment'],
      ['pending_payment', 'confirmed'],
      ['confirmed', 'completed'],
    ]);
  });

  it('tells a hold that ran out', () => {
    const booking = request();
    expect(booking.holdRanOut(now)).toBe(false);
    expect(booking.holdRanOut(booking.holdExpiresAt)).toBe(true);
    booking.confirm('student', 'payment p1', now);
    expect(booking.holdRanOut(booking.holdExpiresAt)).toBe(false);
  });

  it('cancels with the policy’s refund, and says who cancelled', () => {
    const unpaid = request();
    expect(unpaid.cancel('student', null, now)).toEqual({ wasConfirmed: false });
    expect(unpaid).toMatchObject({ status: 'cancelled', cancelledBy: 'student', refundAmount: 0 });

    const late = request();
    late.confirm('student', 'payment', now);
    late.cancel('student', 'sick', new Date(late.startsAt.getTime() - HOUR));
    expect(late).toMatchObject({
      cancelledBy: 'student',
      refundAmount: 3000,
      cancelReason: 'sick',
    });

    const byTutor = request();
    byTutor.confirm('student', 'payment', now);
    byTutor.cancel('tutor', null, new Date(byTutor.startsAt.getTime() - HOUR));
    expect(byTutor).toMatchObject({ cancelledBy: 'tutor', refundAmount: 6000 });

    const byAdmin = request();
    byAdmin.confirm('student', 'payment', now);
    byAdmin.cancel('admin-1', null, now);
    expect(byAdmin).toMatchObject({ cancelledBy: 'admin', refundAmount: 6000 });
  });

  it('moves a confirmed booking to another current slot, same duration, reminders reset', () => {
    const booking = request();
    expect(code(() => booking.move(new Date(now.getTime() + 72 * HOUR), rules, 'tutor', now))).toBe(
      'booking.invalid_transition',
    );
    booking.confirm('student', 'payment', now);
    booking.reminded24hAt = now;
    const previousStart = booking.startsAt;
    expect(code(() => booking.move(previousStart, rules, 'tutor', now))).toBe('booking.same_time');
    expect(code(() => booking.move(new Date(now.getTime() - HOUR), rules, 'tutor', now))).toBe(
      'booking.in_past',
    );
    expect(booking.startsAt).toEqual(previousStart);

    const to = new Date(now.getTime() + 72 * HOUR);
    expect(booking.move(to, rules, 'tutor', now)).toEqual({
      startsAt: previousStart,
      endsAt: new Date(previousStart.getTime() + 90 * MINUTE_MS),
    });
    expect(booking).toMatchObject({
      startsAt: to,
      endsAt: new Date(to.getTime() + 90 * MINUTE_MS),
      blockedUntil: new Date(to.getTime() + 105 * MINUTE_MS),
      reminded24hAt: null,
      status: 'confirmed',
    });
    expect(booking.takeRecordedHistory().at(-1)).toMatchObject({
      fromStatus: 'confirmed',
      toStatus: 'confirmed',
      reason: `rescheduled from ${previousStart.toISOString()}`,
    });
  });
});
