import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { marketplace, type Marketplace } from '../billing/support/marketplace.js';
import { openAllWeek, startAt } from './support.js';

describe('trial lessons: one per student and tutor, 30 minutes at the trial price or free', () => {
  let t: TestApp;
  let market: Marketplace;

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    market = await marketplace(t);
  });
  afterAll(() => t.close());

  const offering = async (trialPriceAmount: number | null, requiresConfirmation = false) => {
    const tutor = await given(t).approvedTutor(market.admin, {
      subjectIds: [market.subjectId],
      rate: 4000,
      currency: 'USD',
    });
    await openAllWeek(t, tutor);
    const res = await t
      .http()
      .put('/api/v1/tutors/me/booking-settings')
      .set(tutor.auth)
      .send({
        maxLessonsPerDay: null,
        maxLessonsPerWeek: null,
        requiresConfirmation,
        trialEnabled: trialPriceAmount !== null,
        trialPriceAmount,
      });
    expect(res.status).toBe(200);
    return tutor;
  };
  const bookTrial = (
    student: Actor,
    tutor: Actor,
    startsAt: string,
    extra: Record<string, unknown> = {},
  ) =>
    t
      .http()
      .post('/api/v1/bookings')
      .set(student.auth)
      .send({ tutorId: tutor.id, subjectId: market.subjectId, startsAt, trial: true, ...extra });
  const outboxTypes = async (id: string) =>
    (
      (await t.dataSource.query(
        `SELECT type FROM platform.outbox WHERE aggregate_id = $1 ORDER BY occurred_at, id`,
        [id],
      )) as { type: string }[]
    ).map((row) => row.type);

  it('books a paid trial for 30 minutes at the trial price, and the payment takes that price', async () => {
    const tutor = await offering(1500);
    const offer = await t.http().get(`/api/v1/tutors/${tutor.id}/booking-settings`);
    expect(offer.body.trial).toEqual({
      offered: true,
      durationMinutes: 30,
      price: { amount: 1500, currency: 'USD' },
    });
    const student = await given(t).student();
    const startsAt = startAt(3, 10);
    const res = await bookTrial(student, tutor, startsAt);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending_payment',
      trial: true,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
      price: { amount: 1500, currency: 'USD' },
    });
    const payment = await market.pay(student, res.body.id);
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({ amount: 1500, currency: 'USD' });
    const paid = await market.confirm(student, payment.body.id, 'pm_card_visa');
    expect(paid.body.status).toBe('succeeded');
    await market.bookingBecomes(student, res.body.id, 'confirmed');
    const [{ amount }] = await t.dataSource.query(
      'SELECT amount::int AS amount FROM billing.payments WHERE booking_id = $1',
      [res.body.id],
    );
    expect(amount).toBe(1500);
  });

  it('confirms a free trial at once, without a payment, and the lesson follows', async () => {
    const tutor = await offering(0);
    const student = await given(t).student();
    const res = await bookTrial(student, tutor, startAt(4, 10), { durationMinutes: 30 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      trial: true,
      price: { amount: 0, currency: 'USD' },
    });
    expect(
      res.body.history.map((h: { from: string | null; to: string }) => [h.from, h.to]),
    ).toEqual([
      [null, 'pending_payment'],
      ['pending_payment', 'confirmed'],
    ]);
    expect(await outboxTypes(res.body.id)).toEqual([
      'scheduling.booking.requested',
      'scheduling.booking.confirmed',
    ]);
    await eventually(
      async () =>
        (
          await t.dataSource.query('SELECT status FROM tutoring.lessons WHERE booking_id = $1', [
            res.body.id,
          ])
        )[0]?.status === 'scheduled',
    );
    // Nothing to pay: billing refuses a payment and never takes one.
    const payment = await market.pay(student, res.body.id);
    expect(payment.status).toBe(422);
    expect(payment.body).toMatchObject({
      code: 'payment.booking_not_payable',
      reason: 'not_pending_payment',
    });
    expect(
      await t.dataSource.query('SELECT id FROM billing.payments WHERE booking_id = $1', [
        res.body.id,
      ]),
    ).toEqual([]);
    // Cancelling it refunds nothing, and frees the trial for another try.
    const cancelled = await t
      .http()
      .post(`/api/v1/bookings/${res.body.id}/cancel`)
      .set(student.auth)
      .send({});
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      refund: { amount: 0, currency: 'USD' },
    });
    expect((await bookTrial(student, tutor, startAt(5, 10))).status).toBe(201);
  });

  it('lets a free trial wait for a tutor who confirms requests', async () => {
    const tutor = await offering(0, true);
    const student = await given(t).student();
    const res = await bookTrial(student, tutor, startAt(4, 12));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'awaiting_tutor', price: { amount: 0 } });
    const accepted = await t
      .http()
      .post(`/api/v1/bookings/${res.body.id}/accept`)
      .set(tutor.auth)
      .send({});
    expect(accepted.body.status).toBe('confirmed');
  });

  it('refuses a second trial with the same tutor (409), not one with another tutor', async () => {
    const tutor = await offering(1500);
    const student = await given(t).student();
    expect((await bookTrial(student, tutor, startAt(6, 9))).status).toBe(201);
    const second = await bookTrial(student, tutor, startAt(7, 9));
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('booking.trial_already_used');
    // A regular lesson with the same tutor is fine, and so is a trial with another one.
    const regular = await t
      .http()
      .post('/api/v1/bookings')
      .set(student.auth)
      .send({
        tutorId: tutor.id,
        subjectId: market.subjectId,
        startsAt: startAt(7, 9),
        durationMinutes: 60,
      });
    expect(regular.status).toBe(201);
    expect(regular.body).toMatchObject({ trial: false, price: { amount: 4000 } });
    expect((await bookTrial(student, await offering(1200), startAt(8, 9))).status).toBe(201);
  });

  it('gives exactly one of concurrent trial requests with one tutor', async () => {
    const tutor = await offering(1500);
    const student = await given(t).student();
    const results = await Promise.all(
      [9, 11, 13].map((hour) => bookTrial(student, tutor, startAt(9, hour))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual([
      'booking.trial_already_used',
      'booking.trial_already_used',
    ]);
  });

  it('answers 422 when the tutor offers no trial', async () => {
    const tutor = await offering(null);
    const res = await bookTrial(await given(t).student(), tutor, startAt(3, 14));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('booking.trial_not_offered');
  });

  it('refuses a trial of another length than 30 minutes, and a regular lesson without one', async () => {
    const tutor = await offering(1500);
    const student = await given(t).student();
    const long = await bookTrial(student, tutor, startAt(3, 16), { durationMinutes: 60 });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 'booking.trial_duration' });
    expect(long.body.errors.map((e: { field: string }) => e.field)).toEqual(['durationMinutes']);
    const odd = await bookTrial(student, tutor, startAt(3, 16), { durationMinutes: 31 });
    expect(odd.status).toBe(400);
    const noLength = await t
      .http()
      .post('/api/v1/bookings')
      .set(student.auth)
      .send({
        tutorId: tutor.id,
        subjectId: market.subjectId,
        startsAt: startAt(3, 16),
      });
    expect(noLength.status).toBe(400);
    expect(noLength.body.errors.map((e: { field: string }) => e.field)).toContain(
      'durationMinutes',
    );
    const notBoolean = await bookTrial(student, tutor, startAt(3, 16), { trial: 'yes' });
    expect(notBoolean.status).toBe(400);
  });
});
