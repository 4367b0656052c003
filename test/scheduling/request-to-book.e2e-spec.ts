import { Clock, ControllableClock } from '@etutors/platform';
import { TutorResponseSchedule } from '../../libs/scheduling/src/application/tutor-response.schedule.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { marketplace, type Marketplace } from '../billing/support/marketplace.js';
import { book, DAY, HOUR } from './support.js';

describe('request to book: a paid booking waits for the tutor, who accepts or declines (or lets it lapse)', () => {
  let t: TestApp;
  let market: Marketplace;
  let tutor: Actor;
  const clock = new ControllableClock(new Date());

  beforeAll(async () => {
    t = await startTestApp({
      // The clock moves a day and more ahead here, and access tokens expire by that same clock.
      env: { ...WITH_ADMIN, ACCESS_TOKEN_TTL: String((60 * DAY) / 1000) },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    market = await marketplace(t);
    tutor = market.tutor;
    const res = await t.http().put('/api/v1/tutors/me/booking-settings').set(tutor.auth).send({
      maxLessonsPerDay: null,
      maxLessonsPerWeek: null,
      requiresConfirmation: true,
      trialEnabled: false,
      trialPriceAmount: null,
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(new Date()));

  /** A fresh student's 90-minute booking (6000 USD), paid with a card that succeeds. */
  const paidRequest = async (startsAt?: string) => {
    const { student, bookingId } = await market.bookedStudent({ startsAt });
    const payment = await market.pay(student, bookingId);
    expect(payment.status).toBe(201);
    const confirmed = await market.confirm(student, payment.body.id, 'pm_card_visa');
    expect(confirmed.body.status).toBe('succeeded');
    await market.bookingBecomes(student, bookingId, 'awaiting_tutor');
    return { student, bookingId, paymentId: payment.body.id as string, paidAt: clock.now() };
  };
  const booking = async (actor: Actor, id: string) =>
    (await t.http().get(`/api/v1/bookings/${id}`).set(actor.auth)).body;
  const answer = (actor: Actor, id: string, verb: 'accept' | 'decline', body = {}) =>
    t.http().post(`/api/v1/bookings/${id}/${verb}`).set(actor.auth).send(body);
  const refundsOf = async (paymentId: string) =>
    (await t.dataSource.query(
      `SELECT amount::int AS amount, source FROM billing.refunds WHERE payment_id = $1`,
      [paymentId],
    )) as { amount: number; source: string }[];
  const eventsOf = async (id: string) =>
    (await t.dataSource.query(
      `SELECT type, payload FROM platform.outbox WHERE aggregate_id = $1 ORDER BY occurred_at, id`,
      [id],
    )) as { type: string; payload: Record<string, unknown> }[];
  const decliner = () => t.get(TutorResponseSchedule);

  it('shows the tutor’s terms publicly: requests wait for an answer, within 24 h', async () => {
    const res = await t.http().get(`/api/v1/tutors/${tutor.id}/booking-settings`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tutorId: tutor.id,
      requiresConfirmation: true,
      tutorResponseHours: 24,
      trial: { offered: false, durationMinutes: 30, price: null },
    });
  });

  it('keeps a paid request as awaiting_tutor, answer due in 24 h, its slot still taken', async () => {
    const { student, bookingId, paidAt } = await paidRequest();
    const view = await booking(student, bookingId);
    expect(view).toMatchObject({
      status: 'awaiting_tutor',
      tutorResponseDueAt: new Date(paidAt.getTime() + 24 * HOUR).toISOString(),
      trial: false,
    });
    expect(view.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'pending_payment'],
      ['pending_payment', 'awaiting_tutor'],
    ]);
    const awaiting = (await eventsOf(bookingId)).find(
      (e) => e.type === 'scheduling.booking.awaiting_tutor',
    );
    expect(awaiting?.payload).toMatchObject({
      bookingId,
      tutorId: tutor.id,
      studentId: student.id,
      price: { amount: 6000, currency: 'USD' },
      tutorResponseDueAt: view.tutorResponseDueAt,
    });
    // No lesson yet, and nobody else gets the slot.
    expect(
      await t.dataSource.query('SELECT id FROM tutoring.lessons WHERE booking_id = $1', [
        bookingId,
      ]),
    ).toEqual([]);
    const other = await given(t).student();
    const taken = await book(t, other, tutor, market.subjectId, view.startsAt, 90);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('booking.slot_taken');
    const slots = await t
      .http()
      .get(`/api/v1/tutors/${tutor.id}/slots`)
      .query({ from: view.startsAt, to: view.endsAt, duration: 30 });
    expect(slots.body).toEqual([]);
    // Answered, so that the later stories count only their own requests.
    expect((await answer(tutor, bookingId, 'decline')).status).toBe(200);
  });

  it('confirms when the tutor accepts: booking.confirmed, then the lesson; only the tutor or an admin answers', async () => {
    const { student, bookingId } = await paidRequest();
    // The student and other users see 404, as if there were nothing to answer.
    expect((await answer(student, bookingId, 'accept')).status).toBe(404);
    const otherTutor = await given(t).approvedTutor(market.admin, {
      subjectIds: [market.subjectId],
    });
    expect((await answer(otherTutor, bookingId, 'accept')).status).toBe(404);
    expect((await answer(otherTutor, bookingId, 'decline')).status).toBe(404);

    const accepted = await answer(tutor, bookingId, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('confirmed');
    expect(
      accepted.body.history.map((h: { from: string | null; to: string; actorId: string }) => [
        h.from,
        h.to,
      ]),
    ).toEqual([
      [null, 'pending_payment'],
      ['pending_payment', 'awaiting_tutor'],
      ['awaiting_tutor', 'confirmed'],
    ]);
    expect(accepted.body.history[2].actorId).toBe(tutor.id);
    await eventually(
      async () =>
        (
          await t.dataSource.query('SELECT status FROM tutoring.lessons WHERE booking_id = $1', [
            bookingId,
          ])
        )[0]?.status === 'scheduled',
    );
    expect((await eventsOf(bookingId)).map((e) => e.type)).toContain(
      'scheduling.booking.confirmed',
    );
    // Answered once: a second answer is a conflict.
    const again = await answer(tutor, bookingId, 'decline');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('booking.invalid_transition');
  });

  it('cancels with a full refund when the tutor declines', async () => {
    const { student, bookingId, paymentId } = await paidRequest();
    const declined = await answer(tutor, bookingId, 'decline', { reason: 'fully booked' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'tutor',
      refund: { amount: 6000, currency: 'USD' },
    });
    const cancelled = (await eventsOf(bookingId)).find(
      (e) => e.type === 'scheduling.booking.cancelled',
    );
    expect(cancelled?.payload).toMatchObject({
      cancelledBy: 'tutor',
      cancelledById: tutor.id,
      reason: 'fully booked',
      refund: { amount: 6000, currency: 'USD' },
      wasConfirmed: false,
    });
    expect(await eventually(async () => (await refundsOf(paymentId))[0])).toEqual({
      amount: 6000,
      source: 'cancellation',
    });
    const payment = await t.http().get(`/api/v1/payments/${paymentId}`).set(student.auth);
    expect(payment.body.refundedAmount).toBe(6000);
    // The slot is free again.
    const other = await given(t).student();
    const view = await booking(student, bookingId);
    expect((await book(t, other, tutor, market.subjectId, view.startsAt, 90)).status).toBe(201);
  });

  it('declines automatically once TUTOR_RESPONSE_HOURS pass without an answer, refunding in full', async () => {
    const { student, bookingId, paymentId, paidAt } = await paidRequest();
    clock.set(new Date(paidAt.getTime() + 24 * HOUR - 60_000));
    expect(await decliner().declineUnanswered()).toBe(0);
    expect((await booking(student, bookingId)).status).toBe('awaiting_tutor');

    clock.set(new Date(paidAt.getTime() + 24 * HOUR));
    // Too late to accept, even before the job has run.
    const late = await answer(tutor, bookingId, 'accept');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('booking.tutor_response_overdue');
    expect(await decliner().declineUnanswered()).toBe(1);
    const view = await booking(student, bookingId);
    expect(view).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'tutor',
      refund: { amount: 6000, currency: 'USD' },
    });
    expect(view.history.at(-1)).toMatchObject({
      from: 'awaiting_tutor',
      to: 'cancelled',
      actorId: null,
      reason: 'the tutor did not answer in time',
    });
    expect(await eventually(async () => (await refundsOf(paymentId))[0])).toEqual({
      amount: 6000,
      source: 'cancellation',
    });
    expect(await decliner().declineUnanswered()).toBe(0);
  });

  it('never waits past the start: a lesson in 3 h is declined at its start at the latest', async () => {
    const now = clock.now().getTime();
    const startsAt = new Date(Math.ceil((now + 3 * HOUR) / (15 * 60_000)) * 15 * 60_000);
    const { student, bookingId, paymentId } = await paidRequest(startsAt.toISOString());
    expect((await booking(student, bookingId)).tutorResponseDueAt).toBe(startsAt.toISOString());

    clock.set(new Date(startsAt.getTime() - 60_000));
    expect(await decliner().declineUnanswered()).toBe(0);
    clock.set(startsAt);
    expect(await decliner().declineUnanswered()).toBe(1);
    expect((await booking(student, bookingId)).status).toBe('cancelled');
    expect(await eventually(async () => (await refundsOf(paymentId))[0])).toEqual({
      amount: 6000,
      source: 'cancellation',
    });
  });

  it('refunds in full when the student cancels a request the tutor has not answered', async () => {
    const { student, bookingId, paymentId } = await paidRequest();
    const cancelled = await t
      .http()
      .post(`/api/v1/bookings/${bookingId}/cancel`)
      .set(student.auth)
      .send({});
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'student',
      refund: { amount: 6000, currency: 'USD' },
    });
    expect(await eventually(async () => (await refundsOf(paymentId))[0])).toEqual({
      amount: 6000,
      source: 'cancellation',
    });
  });

  it('lets an admin answer for the tutor', async () => {
    const { bookingId } = await paidRequest();
    const accepted = await answer(market.admin, bookingId, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('confirmed');
  });
});
