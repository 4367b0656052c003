import { randomUUID } from 'node:crypto';
import { ControllableClock, EventBus, UnitOfWork } from '@etutors/platform';
import { PaymentSucceeded } from '@etutors/billing/events';
import { DateTime } from 'luxon';
import { LedgerRepository } from '../../libs/billing/src/infrastructure/ledger.repository.js';
import { marketplace, type Marketplace } from '../billing/support/marketplace.js';
import { moneyOut, startAppOnClock, type MoneyOut } from '../billing/support/money-out.js';
import { postSandboxDispute, type SandboxDispute } from '../billing/support/sandbox-dispute.js';
import { given, type Actor } from '../support/given.js';
import { eventually, type TestApp } from '../support/test-app.js';
import { book, DAY, HOUR, openAllWeek, racingInserts, startAt } from './support.js';

const WEEK = 7 * DAY;

interface Occurrence {
  startsAt: string;
  endsAt: string;
  status: string;
  bookingId: string | null;
}

describe('weekly series', () => {
  let t: TestApp;
  let admin: Actor;
  let subjectId: string;
  const clock = new ControllableClock(new Date());

  beforeAll(async () => {
    t = await startAppOnClock(clock, { days: 90 });
    admin = await given(t).admin();
    subjectId = (await given(t).subject(admin)).id;
  });
  afterAll(() => t.close());

  /** A fresh tutor at 4000 USD an hour, open all day every day (in UTC unless told). */
  const tutorOpenAllWeek = async (overrides: Parameters<typeof openAllWeek>[2] = {}) => {
    const tutor = await given(t).approvedTutor(admin, {
      subjectIds: [subjectId],
      rate: 4000,
      currency: 'USD',
    });
    await openAllWeek(t, tutor, overrides);
    return tutor;
  };

  const bookSeries = (
    student: Actor,
    tutor: Actor,
    firstStartsAt: string,
    weeks: number,
    extra: { allowPartial?: boolean; durationMinutes?: number } = {},
  ) =>
    t
      .http()
      .post('/api/v1/bookings/series')
      .set(student.auth)
      .send({
        tutorId: tutor.id,
        subjectId,
        firstStartsAt,
        durationMinutes: extra.durationMinutes ?? 60,
        weeks,
        ...(extra.allowPartial === undefined ? {} : { allowPartial: extra.allowPartial }),
      });

  const seriesRows = async (studentId: string) =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM scheduling.booking_series WHERE student_id = $1`,
        [studentId],
      )
    )[0].n as number;
  const bookingRows = async (studentId: string) =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM scheduling.bookings WHERE student_id = $1`,
        [studentId],
      )
    )[0].n as number;

  /** What billing reports once a booking is paid: scheduling confirms it. */
  const paid = async (student: Actor, booking: { id: string; price: { amount: number } }) => {
    await t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, PaymentSucceeded, {
        aggregateId: booking.id,
        payload: {
          paymentId: `pay-${booking.id}`,
          bookingId: booking.id,
          studentId: student.id,
          tutorId: 'unused',
          amount: booking.price.amount,
          currency: 'USD',
          platformFee: 0,
        },
      }),
    );
    await eventually(
      async () =>
        (await t.http().get(`/api/v1/bookings/${booking.id}`).set(student.auth)).body.status ===
        'confirmed',
    );
  };

  it('keeps the tutor’s wall-clock time across a DST change: the UTC time shifts by an hour', async () => {
    const zone = 'Europe/Berlin';
    const tutor = await tutorOpenAllWeek({ timezone: zone, maxAdvanceDays: 365 });
    const student = await given(t).student();
    // The next Sunday on which Berlin's clocks change (the last of March or of October).
    let sunday = DateTime.fromMillis(clock.now().getTime(), { zone })
      .startOf('day')
      .plus({ days: 14 });
    while (sunday.offset === sunday.plus({ days: 1 }).offset) sunday = sunday.plus({ days: 1 });
    const springForward = sunday.plus({ days: 1 }).offset > sunday.offset;
    // Wednesday 10:00 eleven days before: two lessons before the change, two after.
    const first = sunday.minus({ days: 11 }).set({ hour: 10 });

    const res = await bookSeries(student, tutor, first.toUTC().toISO()!, 4);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      tutorId: tutor.id,
      studentId: student.id,
      subjectId,
      timezone: zone,
      localTime: '10:00',
      weekday: 3,
      durationMinutes: 60,
      weeks: 4,
    });
    const starts = (res.body.occurrences as Occurrence[]).map((o) => Date.parse(o.startsAt));
    expect(res.body.occurrences.map((o: Occurrence) => o.status)).toEqual([
      'booked',
      'booked',
      'booked',
      'booked',
    ]);
    // Every lesson at 10:00 in Berlin, on a Wednesday.
    for (const start of starts)
      expect(DateTime.fromMillis(start, { zone }).toFormat('ccc HH:mm')).toBe('Wed 10:00');
    // Seven days apart, but the step over the change is an hour shorter (spring) or longer.
    expect([starts[1]! - starts[0]!, starts[2]! - starts[1]!, starts[3]! - starts[2]!]).toEqual([
      WEEK,
      springForward ? WEEK - HOUR : WEEK + HOUR,
      WEEK,
    ]);
    // Spring: 10:00 CET is 09:00Z, then 10:00 CEST is 08:00Z; autumn the other way round.
    const utcHours = starts.map((start) => new Date(start).getUTCHours());
    expect(utcHours).toEqual(springForward ? [9, 9, 8, 8] : [8, 8, 9, 9]);

    expect(res.body.bookings).toHaveLength(4);
    for (const [index, booking] of (res.body.bookings as Record<string, unknown>[]).entries())
      expect(booking).toMatchObject({
        id: res.body.occurrences[index].bookingId,
        status: 'pending_payment',
        seriesId: res.body.id,
        startsAt: res.body.occurrences[index].startsAt,
        price: { amount: 4000, currency: 'USD' },
        // One hold for the series.
        holdExpiresAt: res.body.bookings[0].holdExpiresAt,
      });
    const [row] = await t.dataSource.query(
      `SELECT timezone, local_time, weekday, duration_minutes, weeks FROM scheduling.booking_series WHERE id = $1`,
      [res.body.id],
    );
    expect(row).toEqual({
      timezone: zone,
      local_time: '10:00',
      weekday: 3,
      duration_minutes: 60,
      weeks: 4,
    });
    const events = await t.dataSource.query(
      `SELECT type, payload FROM platform.outbox WHERE aggregate_id = ANY($1::text[]) ORDER BY type`,
      [[res.body.id, ...res.body.bookings.map((b: { id: string }) => b.id)]],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      ...Array(4).fill('scheduling.booking.requested'),
      'scheduling.series.requested',
    ]);
    expect(events.at(-1).payload).toMatchObject({
      seriesId: res.body.id,
      bookingIds: res.body.bookings.map((b: { id: string }) => b.id),
      price: { amount: 16000, currency: 'USD' },
    });
  });

  it('books all or nothing: one taken week → 409 naming it and nothing written; allowPartial books the free weeks and reports the taken one', async () => {
    const tutor = await tutorOpenAllWeek();
    const other = await given(t).student();
    const student = await given(t).student();
    const first = startAt(3, 9);
    const third = new Date(Date.parse(first) + 2 * WEEK).toISOString();
    expect((await book(t, other, tutor, subjectId, third)).status).toBe(201);

    const refused = await bookSeries(student, tutor, first, 4);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'booking.series_slot_taken',
      occurrence: { index: 2, startsAt: third },
    });
    expect(await seriesRows(student.id)).toBe(0);
    expect(await bookingRows(student.id)).toBe(0);

    const partial = await bookSeries(student, tutor, first, 4, { allowPartial: true });
    expect(partial.status).toBe(201);
    expect(
      partial.body.occurrences.map((o: Occurrence) => [o.startsAt, o.status, o.bookingId !== null]),
    ).toEqual([
      [first, 'booked', true],
      [new Date(Date.parse(first) + WEEK).toISOString(), 'booked', true],
      [third, 'booking.slot_taken', false],
      [new Date(Date.parse(first) + 3 * WEEK).toISOString(), 'booked', true],
    ]);
    expect(partial.body.bookings).toHaveLength(3);
    expect(await bookingRows(student.id)).toBe(3);
  });

  it('refuses a series with a week the tutor is away (422 with that week) unless allowPartial, which reports it', async () => {
    const tutor = await tutorOpenAllWeek();
    const student = await given(t).student();
    const first = startAt(4, 13);
    const second = new Date(Date.parse(first) + WEEK).toISOString();
    const away = await t
      .http()
      .post('/api/v1/tutors/me/time-off')
      .set(tutor.auth)
      .send({ startsAt: second, endsAt: new Date(Date.parse(second) + HOUR).toISOString() });
    expect(away.status).toBe(201);

    const refused = await bookSeries(student, tutor, first, 3);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'booking.unavailable',
      occurrence: { index: 1, startsAt: second },
    });
    expect(await seriesRows(student.id)).toBe(0);

    const partial = await bookSeries(student, tutor, first, 3, { allowPartial: true });
    expect(partial.status).toBe(201);
    expect(partial.body.occurrences.map((o: Occurrence) => o.status)).toEqual([
      'booked',
      'booking.unavailable',
      'booked',
    ]);
  });

  it('gives a series racing a single booking for one of its slots exactly one winner for that slot', async () => {
    const tutor = await tutorOpenAllWeek();
    const seriesStudent = await given(t).student();
    const single = await given(t).student();
    const first = startAt(5, 15);
    const contested = new Date(Date.parse(first) + WEEK).toISOString();

    const [series, booking] = await racingInserts(2, () =>
      Promise.all([
        bookSeries(seriesStudent, tutor, first, 3),
        book(t, single, tutor, subjectId, contested),
      ]),
    );
    expect([series.status, booking.status].sort()).toEqual([201, 409]);
    if (series.status === 201) expect(booking.body.code).toBe('booking.slot_taken');
    else
      expect(series.body).toMatchObject({
        code: 'booking.series_slot_taken',
        occurrence: { index: 1, startsAt: contested },
      });
    const holders = await t.dataSource.query(
      `SELECT student_id FROM scheduling.bookings WHERE tutor_id = $1 AND starts_at = $2 AND status = 'pending_payment'`,
      [tutor.id, contested],
    );
    expect(holders).toEqual([{ student_id: series.status === 201 ? seriesStudent.id : single.id }]);
    // All or nothing: a lost race leaves none of the series.
    expect(await bookingRows(seriesStudent.id)).toBe(series.status === 201 ? 3 : 0);
  });

  it('counts a series as one unpaid booking', async () => {
    const tutor = await tutorOpenAllWeek();
    const student = await given(t).student();
    expect((await bookSeries(student, tutor, startAt(6, 8), 4)).status).toBe(201);
    // Three unpaid at most: the series and two single bookings.
    expect((await book(t, student, tutor, subjectId, startAt(6, 12))).status).toBe(201);
    expect((await book(t, student, tutor, subjectId, startAt(6, 14))).status).toBe(201);
    const fourth = await book(t, student, tutor, subjectId, startAt(6, 16));
    expect(fourth.status).toBe(409);
    expect(fourth.body.code).toBe('booking.too_many_unpaid');
    const another = await bookSeries(student, tutor, startAt(6, 18), 2);
    expect(another.status).toBe(409);
    expect(another.body.code).toBe('booking.too_many_unpaid');
  });

  it('shows a series to its participants and an admin, and to no one else (404)', async () => {
    const tutor = await tutorOpenAllWeek();
    const student = await given(t).student();
    const stranger = await given(t).student();
    const created = await bookSeries(student, tutor, startAt(7, 9), 2);
    expect(created.status).toBe(201);
    for (const who of [student, tutor, admin]) {
      const res = await t.http().get(`/api/v1/bookings/series/${created.body.id}`).set(who.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: created.body.id, weeks: 2, localTime: '09:00' });
      expect(res.body.bookings.map((b: { id: string }) => b.id)).toEqual(
        created.body.bookings.map((b: { id: string }) => b.id),
      );
      expect(res.body.occurrences).toBeUndefined();
    }
    const hidden = await t
      .http()
      .get(`/api/v1/bookings/series/${created.body.id}`)
      .set(stranger.auth);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('series.not_found');
  });

  it('cancels one occurrence by the policy, moves another, and cancels all future ones (one cancelled event each)', async () => {
    const tutor = await tutorOpenAllWeek();
    const student = await given(t).student();
    const created = await bookSeries(student, tutor, startAt(2, 11), 4);
    expect(created.status).toBe(201);
    const [first, second, third, fourth] = created.body.bookings as {
      id: string;
      startsAt: string;
      price: { amount: number };
    }[];
    for (const booking of created.body.bookings) await paid(student, booking);

    // One lesson, more than 24 h ahead: refunded in full, the others untouched.
    const one = await t
      .http()
      .post(`/api/v1/bookings/${second!.id}/cancel`)
      .set(student.auth)
      .send({ reason: 'holiday' });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      status: 'cancelled',
      seriesId: created.body.id,
      refund: { amount: 4000, currency: 'USD' },
    });

    // Another moves by two hours; it stays in the series.
    const movedTo = new Date(Date.parse(third!.startsAt) + 2 * HOUR).toISOString();
    const moved = await t
      .http()
      .post(`/api/v1/bookings/${third!.id}/reschedule`)
      .set(student.auth)
      .send({ startsAt: movedTo });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      status: 'confirmed',
      startsAt: movedTo,
      seriesId: created.body.id,
    });

    // The first lesson has started: cancelling all future ones leaves it.
    clock.set(new Date(Date.parse(first!.startsAt) + 10 * 60_000));
    try {
      const all = await t
        .http()
        .post(`/api/v1/bookings/series/${created.body.id}/cancel`)
        .set(tutor.auth)
        .send({ reason: 'moving away' });
      expect(all.status).toBe(200);
      expect(
        all.body.bookings.map((b: { id: string; status: string; refund: unknown }) => [
          b.id,
          b.status,
          b.refund,
        ]),
      ).toEqual([
        [first!.id, 'confirmed', null],
        [second!.id, 'cancelled', { amount: 4000, currency: 'USD' }],
        [third!.id, 'cancelled', { amount: 4000, currency: 'USD' }],
        [fourth!.id, 'cancelled', { amount: 4000, currency: 'USD' }],
      ]);
      const cancelled = await t.dataSource.query(
        `SELECT aggregate_id, payload FROM platform.outbox
          WHERE type = 'scheduling.booking.cancelled' AND aggregate_id = ANY($1::text[])
          ORDER BY occurred_at, aggregate_id`,
        [[first!.id, second!.id, third!.id, fourth!.id]],
      );
      const byBooking = Object.fromEntries(
        cancelled.map((e: { aggregate_id: string; payload: Record<string, unknown> }) => [
          e.aggregate_id,
          [e.payload.cancelledBy, e.payload.refund, e.payload.wasConfirmed],
        ]),
      );
      // One event per cancelled lesson, so billing refunds each on its own.
      expect(byBooking).toEqual({
        [second!.id]: ['student', { amount: 4000, currency: 'USD' }, true],
        [third!.id]: ['tutor', { amount: 4000, currency: 'USD' }, true],
        [fourth!.id]: ['tutor', { amount: 4000, currency: 'USD' }, true],
      });
      expect(cancelled).toHaveLength(3);

      const again = await t
        .http()
        .post(`/api/v1/bookings/series/${created.body.id}/cancel`)
        .set(student.auth)
        .send({});
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('booking.series_nothing_to_cancel');
    } finally {
      clock.set(new Date());
    }
  });

  it('refuses a series of fewer than 2 or more than 26 weeks (400)', async () => {
    const tutor = await tutorOpenAllWeek();
    const student = await given(t).student();
    for (const weeks of [1, 27]) {
      const res = await bookSeries(student, tutor, startAt(8, 9), weeks);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('weeks');
    }
  });
});

const WEBHOOK_SECRET = 'whsec_sandbox_for_the_series_tests';

/**
 * One payment for a series. The marketplace's tutor charges 4000 USD an hour: a 90-minute lesson
 * is 6000, the 15 % fee 900, the tutor's share 5100; three weeks are one charge of 18000.
 */
describe('weekly series: one payment', () => {
  let t: TestApp;
  let market: Marketplace;
  let money: MoneyOut;
  const clock = new ControllableClock(new Date());
  let hour = 4;

  beforeAll(async () => {
    t = await startAppOnClock(clock, {
      env: {
        PLATFORM_FEE_BPS: '1500',
        PAYOUT_HOLD_HOURS: '48',
        SANDBOX_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    });
    market = await marketplace(t);
    money = moneyOut(t, clock);
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(new Date()));

  const paySeries = (student: Actor, body: Record<string, string>, key = randomUUID()) =>
    t.http().post('/api/v1/payments').set(student.auth).set('idempotency-key', key).send(body);

  /** A fresh student’s three-week series of 90-minute lessons, two hours after the last one. */
  const seriesOfThree = async () => {
    const student = await given(t).student();
    const res = await t
      .http()
      .post('/api/v1/bookings/series')
      .set(student.auth)
      .send({
        tutorId: market.tutor.id,
        subjectId: market.subjectId,
        firstStartsAt: startAt(3, (hour += 2)),
        durationMinutes: 90,
        weeks: 3,
      });
    expect(res.status).toBe(201);
    return {
      student,
      series: res.body as { id: string; bookings: { id: string; startsAt: string }[] },
    };
  };

  /** The series paid with a card that succeeds; resolves once every occurrence is confirmed. */
  const paidSeries = async () => {
    const { student, series } = await seriesOfThree();
    const payment = await paySeries(student, { seriesId: series.id });
    expect(payment.status).toBe(201);
    const confirmed = await market.confirm(student, payment.body.id, 'pm_card_visa');
    expect(confirmed.body.status).toBe('succeeded');
    for (const booking of series.bookings)
      await market.bookingBecomes(student, booking.id, 'confirmed');
    const parts = (await t.dataSource.query(
      `SELECT p.id, p.booking_id AS "bookingId", p.amount::int AS amount, p.status, p.fee_bps AS "feeBps"
         FROM billing.payments p JOIN unnest($2::uuid[]) WITH ORDINALITY AS b (id, n) ON b.id = p.booking_id
        WHERE p.series_payment_id = $1 ORDER BY b.n`,
      [payment.body.id, series.bookings.map((booking) => booking.id)],
    )) as { id: string; bookingId: string; amount: number; status: string; feeBps: number }[];
    return { student, series, chargeId: payment.body.id as string, parts };
  };

  const balance = async () => {
    const rows = await t.get(LedgerRepository).tutorBalances(market.tutor.id);
    return rows.find((row) => row.currency === 'USD') ?? { pending: 0, available: 0, paidOut: 0 };
  };

  it('pays a series once: every occurrence confirmed, one capture per lesson summing to the charge; a second POST returns the open payment', async () => {
    const before = await balance();
    const { student, series } = await seriesOfThree();

    // A booking of the series is paid with its series.
    const alone = await market.pay(student, series.bookings[0]!.id);
    expect(alone.status).toBe(422);
    expect(alone.body).toMatchObject({ code: 'payment.series_booking', seriesId: series.id });
    const both = await paySeries(student, {
      seriesId: series.id,
      bookingId: series.bookings[0]!.id,
    });
    expect(both.status).toBe(400);

    const created = await paySeries(student, { seriesId: series.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      seriesId: series.id,
      bookingId: null,
      seriesPaymentId: null,
      status: 'requires_confirmation',
      amount: 18000,
      currency: 'USD',
      provider: 'sandbox',
    });
    const again = await paySeries(student, { seriesId: series.id });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    // A lesson's own payment follows the series' charge: it is not confirmed alone.
    const [part] = await t.dataSource.query(
      `SELECT id FROM billing.payments WHERE series_payment_id = $1 LIMIT 1`,
      [created.body.id],
    );
    const partAlone = await market.confirm(student, part.id, 'pm_card_visa');
    expect(partAlone.status).toBe(422);
    expect(partAlone.body).toMatchObject({
      code: 'payment.part_of_series',
      seriesPaymentId: created.body.id,
    });

    const confirmed = await market.confirm(student, created.body.id, 'pm_card_visa');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'succeeded', amount: 18000, platformFee: 2700 });
    for (const booking of series.bookings)
      await market.bookingBecomes(student, booking.id, 'confirmed');

    const parts = (await t.dataSource.query(
      `SELECT id, booking_id AS "bookingId", amount::int AS amount, status, fee_bps AS "feeBps"
         FROM billing.payments WHERE series_payment_id = $1 ORDER BY booking_id`,
      [created.body.id],
    )) as { id: string; bookingId: string; amount: number; status: string; feeBps: number }[];
    expect(
      parts.map(({ bookingId, amount, status, feeBps }) => ({ bookingId, amount, status, feeBps })),
    ).toEqual(
      series.bookings
        .map((booking) => booking.id)
        .sort()
        .map((bookingId) => ({ bookingId, amount: 6000, status: 'succeeded', feeBps: 1500 })),
    );
    const captures = (await t.dataSource.query(
      `SELECT payment_id, account, amount::int AS amount FROM billing.ledger_entries
        WHERE kind = 'payment_captured' AND payment_id = ANY($1::uuid[]) ORDER BY payment_id, account`,
      [[created.body.id, ...parts.map((part) => part.id)]],
    )) as { payment_id: string; account: string; amount: number }[];
    expect(captures).toEqual(
      [...parts]
        .sort((a, b) => a.id.localeCompare(b.id))
        .flatMap((part) => [
          { payment_id: part.id, account: 'platform_revenue', amount: -900 },
          { payment_id: part.id, account: 'provider_clearing', amount: 6000 },
          { payment_id: part.id, account: 'tutor_pending', amount: -5100 },
        ]),
    );
    expect(
      captures
        .filter((entry) => entry.account === 'provider_clearing')
        .reduce((sum, entry) => sum + entry.amount, 0),
    ).toBe(18000);
    const succeeded = await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'billing.payment.succeeded' AND aggregate_id = ANY($1::text[])`,
      [[created.body.id, ...parts.map((part) => part.id)]],
    );
    expect(
      succeeded.map((e: { payload: { bookingId: string } }) => e.payload.bookingId).sort(),
    ).toEqual(series.bookings.map((booking) => booking.id).sort());
    expect(await balance()).toMatchObject({ pending: before.pending + 15300 });

    // Paid: a new POST for the series is refused, as for a paid booking.
    const paidAgain = await paySeries(student, { seriesId: series.id });
    expect(paidAgain.status).toBe(409);
    expect(paidAgain.body.code).toBe('payment.booking_already_paid');
  });

  it('refunds a cancelled occurrence by the policy from the one charge, lesson by lesson', async () => {
    const { student, series, chargeId, parts } = await paidSeries();
    const refundsOf = async (paymentId: string) =>
      (await t.dataSource.query(
        `SELECT amount::int AS amount, fee_reversed::int AS "feeReversed", source FROM billing.refunds WHERE payment_id = $1`,
        [paymentId],
      )) as { amount: number; feeReversed: number; source: string }[];

    // More than 24 h ahead: in full.
    const early = await t
      .http()
      .post(`/api/v1/bookings/${series.bookings[1]!.id}/cancel`)
      .set(student.auth)
      .send({});
    expect(early.body.refund).toEqual({ amount: 6000, currency: 'USD' });
    await eventually(async () => (await refundsOf(parts[1]!.id)).length === 1);
    expect(await refundsOf(parts[1]!.id)).toEqual([
      { amount: 6000, feeReversed: 900, source: 'cancellation' },
    ]);

    // Twelve hours before the third lesson: half.
    clock.set(new Date(Date.parse(series.bookings[2]!.startsAt) - 12 * HOUR));
    const late = await t
      .http()
      .post(`/api/v1/bookings/${series.bookings[2]!.id}/cancel`)
      .set(student.auth)
      .send({});
    expect(late.body.refund).toEqual({ amount: 3000, currency: 'USD' });
    await eventually(async () => (await refundsOf(parts[2]!.id)).length === 1);
    expect(await refundsOf(parts[2]!.id)).toEqual([
      { amount: 3000, feeReversed: 450, source: 'cancellation' },
    ]);

    expect(await refundsOf(parts[0]!.id)).toEqual([]);
    expect(await refundsOf(chargeId)).toEqual([]);
    const [row] = await t.dataSource.query(
      `SELECT sum(refunded_amount)::int AS refunded FROM billing.payments WHERE series_payment_id = $1`,
      [chargeId],
    );
    expect(row.refunded).toBe(9000);
    // An admin refunds a lesson's payment, not the series' charge.
    const admin = await t
      .http()
      .post(`/api/v1/admin/payments/${chargeId}/refunds`)
      .set(market.admin.auth)
      .set('idempotency-key', randomUUID())
      .send({ amount: 100, reason: 'goodwill' });
    expect(admin.status).toBe(422);
    expect(admin.body.code).toBe('refund.series_charge');
  });

  it('releases only the completed lesson’s share once its hold has passed', async () => {
    const { series, parts } = await paidSeries();
    const released = async () =>
      (await t.dataSource.query(
        `SELECT payment_id, account, amount::int AS amount FROM billing.ledger_entries
          WHERE kind = 'earnings_released' AND payment_id = ANY($1::uuid[]) ORDER BY account`,
        [parts.map((part) => part.id)],
      )) as { payment_id: string; account: string; amount: number }[];
    const completedAt = await money.completeLesson(market.tutor, {
      bookingId: series.bookings[0]!.id,
      paymentId: parts[0]!.id,
    });
    expect(await money.passHoldAndRelease(completedAt)).toBe(1);
    expect(await released()).toEqual([
      { payment_id: parts[0]!.id, account: 'tutor_available', amount: -5100 },
      { payment_id: parts[0]!.id, account: 'tutor_pending', amount: 5100 },
    ]);
    const [others] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM billing.payments
        WHERE id = ANY($1::uuid[]) AND released_at IS NULL AND lesson_completed_at IS NULL`,
      [[parts[1]!.id, parts[2]!.id]],
    );
    expect(others.n).toBe(2);
  });

  it('holds every lesson of a series while its charge is disputed at the bank, until the dispute is won', async () => {
    const { series, chargeId, parts } = await paidSeries();
    const dispute = (type: SandboxDispute['type'], status: string) =>
      postSandboxDispute(t, { type, chargeId, status, secret: WEBHOOK_SECRET, at: clock.now() });
    const disputed = async () =>
      (
        (await t.dataSource.query(
          `SELECT count(*)::int AS n FROM billing.payments WHERE series_payment_id = $1 AND disputed_at IS NOT NULL`,
          [chargeId],
        )) as { n: number }[]
      )[0]!.n;

    expect((await dispute('charge.dispute.created', 'needs_response')).status).toBe(200);
    expect(await disputed()).toBe(3);
    const completedAt = await money.completeLesson(market.tutor, {
      bookingId: series.bookings[0]!.id,
      paymentId: parts[0]!.id,
    });
    expect(await money.passHoldAndRelease(completedAt)).toBe(0);

    expect((await dispute('charge.dispute.closed', 'won')).status).toBe(200);
    expect(await disputed()).toBe(0);
    expect(await money.releaseDue()).toBe(1);
  });

  it('charges every lesson of a series back when the dispute of its charge is lost', async () => {
    const { chargeId, parts } = await paidSeries();
    const dispute = (type: SandboxDispute['type'], status: string) =>
      postSandboxDispute(t, { type, chargeId, status, secret: WEBHOOK_SECRET, at: clock.now() });
    expect((await dispute('charge.dispute.created', 'needs_response')).status).toBe(200);
    expect((await dispute('charge.dispute.closed', 'lost')).body).toMatchObject({
      outcome: 'applied',
    });
    const rows = (await t.dataSource.query(
      `SELECT p.id, p.refunded_amount::int AS refunded, p.disputed_at AS "disputedAt",
              r.amount::int AS "chargedBack", r.fee_reversed::int AS "feeReversed"
         FROM billing.payments p JOIN billing.refunds r ON r.payment_id = p.id AND r.source = 'chargeback'
        WHERE p.id = ANY($1::uuid[]) ORDER BY p.id`,
      [parts.map((part) => part.id)],
    )) as { id: string; refunded: number; disputedAt: Date | null; chargedBack: number }[];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({
        refunded: 6000,
        disputedAt: null,
        chargedBack: 6000,
        feeReversed: 900,
      });
    }
    // The charge itself carries no money of its own: it is only no longer held.
    const [charge] = (await t.dataSource.query(
      `SELECT refunded_amount::int AS refunded, disputed_at AS "disputedAt" FROM billing.payments WHERE id = $1`,
      [chargeId],
    )) as { refunded: number; disputedAt: Date | null }[];
    expect(charge).toEqual({ refunded: 0, disputedAt: null });
  });

  // Last: it makes the marketplace's tutor confirm each request.
  it('applies request to book per occurrence once the series is paid: each waits for the tutor, who accepts one and declines another (refunded in full)', async () => {
    const settings = await t
      .http()
      .put('/api/v1/tutors/me/booking-settings')
      .set(market.tutor.auth)
      .send({
        maxLessonsPerDay: null,
        maxLessonsPerWeek: null,
        requiresConfirmation: true,
        trialEnabled: false,
        trialPriceAmount: null,
      });
    expect(settings.status).toBe(200);
    const { student, series } = await seriesOfThree();
    const payment = await paySeries(student, { seriesId: series.id });
    expect((await market.confirm(student, payment.body.id, 'pm_card_visa')).body.status).toBe(
      'succeeded',
    );
    for (const booking of series.bookings)
      await market.bookingBecomes(student, booking.id, 'awaiting_tutor');

    const accepted = await t
      .http()
      .post(`/api/v1/bookings/${series.bookings[0]!.id}/accept`)
      .set(market.tutor.auth);
    expect(accepted.body.status).toBe('confirmed');
    const declined = await t
      .http()
      .post(`/api/v1/bookings/${series.bookings[1]!.id}/decline`)
      .set(market.tutor.auth)
      .send({});
    expect(declined.body).toMatchObject({
      status: 'cancelled',
      refund: { amount: 6000, currency: 'USD' },
    });
    await eventually(async () => {
      const [row] = await t.dataSource.query(
        `SELECT refunded_amount::int AS refunded FROM billing.payments WHERE booking_id = $1`,
        [series.bookings[1]!.id],
      );
      return row.refunded === 6000;
    });
    expect(await market.bookingStatus(student, series.bookings[2]!.id)).toBe('awaiting_tutor');
  });
});
