import { randomUUID } from 'node:crypto';
import { given, type Actor } from '../../support/given.js';
import { eventually, type TestApp } from '../../support/test-app.js';
import { book, openAllWeek, startAt } from '../../scheduling/support.js';

/**
 * A marketplace to pay in: an admin, a subject and an approved tutor (4000 USD an hour, open
 * every day in UTC), with the student-side calls billing's stories make.
 */
export async function marketplace(t: TestApp, tutorProfile: { displayName?: string } = {}) {
  const admin = await given(t).admin();
  const subjectId = (await given(t).subject(admin)).id;
  const tutor = await given(t).approvedTutor(admin, {
    subjectIds: [subjectId],
    rate: 4000,
    currency: 'USD',
    ...tutorProfile,
  });
  await openAllWeek(t, tutor);
  let day = 2;

  const pay = (student: Actor, bookingId: string, key: string = randomUUID()) =>
    t
      .http()
      .post('/api/v1/payments')
      .set(student.auth)
      .set('idempotency-key', key)
      .send({ bookingId });
  const confirm = (
    student: Actor,
    paymentId: string,
    paymentMethod: string,
    key: string = randomUUID(),
  ) =>
    t
      .http()
      .post(`/api/v1/payments/${paymentId}/confirm`)
      .set(student.auth)
      .set('idempotency-key', key)
      .send({ paymentMethod });
  const bookingStatus = async (student: Actor, bookingId: string) =>
    (await t.http().get(`/api/v1/bookings/${bookingId}`).set(student.auth)).body.status as string;

  const bookedStudent = async (options: { minutes?: number; startsAt?: string } = {}) => {
    const student = await given(t).student();
    const res = await book(
      t,
      student,
      tutor,
      subjectId,
      options.startsAt ?? startAt(day++, 10),
      options.minutes ?? 90,
    );
    if (res.status !== 201)
      throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { student, bookingId: res.body.id as string };
  };
  const bookingBecomes = (student: Actor, bookingId: string, status: string) =>
    eventually(async () => (await bookingStatus(student, bookingId)) === status);

  return {
    admin,
    tutor,
    subjectId,
    pay,
    confirm,
    bookingStatus,
    /** Resolves once scheduling shows the booking in `status` (it follows billing by events). */
    bookingBecomes,
    /** A fresh student with a pending_payment booking (90 minutes = 6000 USD by default), each on its own day. */
    bookedStudent,
    /** A fresh student whose booking is paid with a card that succeeds, and confirmed. */
    async paidBooking(options: { minutes?: number; startsAt?: string } = {}) {
      const { student, bookingId } = await bookedStudent(options);
      const payment = await pay(student, bookingId);
      const confirmed = await confirm(student, payment.body.id, 'pm_card_visa');
      if (confirmed.body.status !== 'succeeded')
        throw new Error(`payment failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
      await bookingBecomes(student, bookingId, 'confirmed');
      return { student, bookingId, paymentId: payment.body.id as string };
    },
  };
}

export type Marketplace = Awaited<ReturnType<typeof marketplace>>;
