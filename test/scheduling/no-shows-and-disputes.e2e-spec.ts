import { ControllableClock } from '@etutors/platform';
import { DisputeSchedules } from '../../libs/scheduling/src/application/dispute-schedules.js';
import { given, type Actor } from '../support/given.js';
import { eventually, type TestApp } from '../support/test-app.js';
import { marketplace, type Marketplace } from '../billing/support/marketplace.js';
import { moneyOut, startAppOnClock, type MoneyOut } from '../billing/support/money-out.js';
import { DAY, HOUR } from './support.js';

const MINUTE = 60_000;

/**
 * No-shows and cases about lessons, with the money they move. The marketplace's tutor charges
 * 4000 USD an hour: a 90-minute lesson is 6000, the 15 % fee 900, the tutor's share 5100; the
 * hold after a lesson is 48 h here.
 */
describe('no-shows and disputes: who may say what when, and what it does to the money', () => {
  let t: TestApp;
  let money: MoneyOut;
  const clock = new ControllableClock(new Date());

  beforeAll(async () => {
    t = await startAppOnClock(clock, {
      env: { PLATFORM_FEE_BPS: '1500', PAYOUT_HOLD_HOURS: '48' },
    });
    money = moneyOut(t, clock);
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(new Date()));

  const post = (actor: Actor, path: string, body: object = {}) =>
    t.http().post(`/api/v1${path}`).set(actor.auth).send(body);
  const booking = async (actor: Actor, id: string) =>
    (await t.http().get(`/api/v1/bookings/${id}`).set(actor.auth)).body as {
      status: string;
      startsAt: string;
      endsAt: string;
      history: { from: string | null; to: string; actorId: string | null; reason: string }[];
    };
  /** Sets the clock to `offset` after the lesson's start (or its end, with `from: 'end'`). */
  const at = async (actor: Actor, bookingId: string, offset: number, from: 'start' | 'end') => {
    const { startsAt, endsAt } = await booking(actor, bookingId);
    clock.set(new Date(new Date(from === 'start' ? startsAt : endsAt).getTime() + offset));
    return clock.now();
  };
  const earnings = async (tutor: Actor) => {
    const res = await t.http().get('/api/v1/tutors/me/earnings').set(tutor.auth);
    expect(res.status).toBe(200);
    const usd = (res.body.balances as { currency: string }[]).find((b) => b.currency === 'USD');
    return usd ?? { currency: 'USD', pending: 0, available: 0, paidOut: 0 };
  };
  const ledgerAccounts = async (admin: Actor, tutor: Actor) => {
    const res = await t.http().get('/api/v1/admin/ledger/accounts').set(admin.auth);
    expect(res.status).toBe(200);
    return Object.fromEntries(
      (res.body as { account: string; ownerId: string | null; balance: number }[])
        .filter((row) => row.ownerId === tutor.id)
        .map((row) => [row.account, row.balance]),
    );
  };
  const refundsOf = async (paymentId: string) =>
    (await t.dataSource.query(
      `SELECT amount::int AS amount, fee_reversed::int AS "feeReversed", source, reason
         FROM billing.refunds WHERE payment_id = $1 ORDER BY created_at`,
      [paymentId],
    )) as { amount: number; feeReversed: number; source: string; reason: string }[];
  const payment = async (paymentId: string) => {
    const [row] = (await t.dataSource.query(
      `SELECT case_opened_at AS "caseOpenedAt", release_due_at AS "releaseDueAt",
              released_at AS "releasedAt", released_amount::int AS "releasedAmount"
         FROM billing.payments WHERE id = $1`,
      [paymentId],
    )) as {
      caseOpenedAt: Date | null;
      releaseDueAt: Date | null;
      releasedAt: Date | null;
      releasedAmount: number | null;
    }[];
    return row!;
  };
  const caseHeld = (paymentId: string) =>
    eventually(async () => (await payment(paymentId)).caseOpenedAt !== null);
  const caseLifted = (paymentId: string) =>
    eventually(async () => (await payment(paymentId)).caseOpenedAt === null);
  const refunded = (paymentId: string, count = 1) =>
    eventually(async () => {
      const rows = await refundsOf(paymentId);
      return rows.length === count && rows;
    });
  /** Who was told what about the booking, as `user:type` pairs. */
  const notified = async (bookingId: string) =>
    (
      (await t.dataSource.query(
        `SELECT user_id AS "userId", type FROM messaging.notifications
          WHERE data->>'bookingId' = $1 AND type IN ('no_show_marked', 'dispute_opened', 'dispute_contested', 'dispute_resolved')`,
        [bookingId],
      )) as { userId: string; type: string }[]
    )
      .map((row) => `${row.userId}:${row.type}`)
      .sort();
  const toldBoth = (market: Marketplace, student: Actor, bookingId: string, types: string[]) =>
    eventually(async () => {
      const expected = types
        .flatMap((type) => [`${market.tutor.id}:${type}`, `${student.id}:${type}`])
        .sort();
      const actual = await notified(bookingId);
      return JSON.stringify(actual) === JSON.stringify(expected);
    });
  const resolveUncontested = () => t.get(DisputeSchedules).resolveDue();

  it('a student who did not come: the tutor marks it within the window, nothing is refunded, the tutor is paid after the hold', async () => {
    const market = await marketplace(t);
    const { student, bookingId, paymentId } = await market.paidBooking();
    const stranger = await given(t).student();

    await at(student, bookingId, -MINUTE, 'start');
    const early = await post(market.tutor, `/bookings/${bookingId}/no-show`);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('no_show.too_early');
    await at(student, bookingId, DAY + MINUTE, 'end');
    const late = await post(market.tutor, `/bookings/${bookingId}/no-show`);
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('no_show.too_late');
    expect((await post(stranger, `/bookings/${bookingId}/no-show`)).status).toBe(404);
    const byAdmin = await post(market.admin, `/bookings/${bookingId}/no-show`);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.code).toBe('booking.participants_only');

    const markedAt = await at(student, bookingId, DAY, 'end');
    const marked = await post(market.tutor, `/bookings/${bookingId}/no-show`);
    expect(marked.status).toBe(200);
    expect(marked.body.dispute).toBeNull();
    expect(marked.body.booking.status).toBe('no_show');
    expect(marked.body.booking.history.at(-1)).toEqual({
      from: 'confirmed',
      to: 'no_show',
      actorId: market.tutor.id,
      reason: 'student absent',
      at: markedAt.toISOString(),
    });
    const again = await post(market.tutor, `/bookings/${bookingId}/no-show`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('booking.invalid_transition');

    const lesson = await money.lessonOf(market.tutor, bookingId);
    await eventually(async () => {
      const res = await t.http().get(`/api/v1/lessons/${lesson.id}`).set(student.auth);
      return res.body.status === 'no_show';
    });
    // Held as for a completed lesson, from the marking.
    await eventually(async () => (await payment(paymentId)).releaseDueAt !== null);
    expect((await payment(paymentId)).releaseDueAt).toEqual(
      new Date(markedAt.getTime() + 48 * HOUR),
    );
    expect(await earnings(market.tutor)).toMatchObject({ pending: 5100, available: 0 });

    clock.set(new Date(markedAt.getTime() + 48 * HOUR - MINUTE));
    expect(await money.releaseDue()).toBe(0);
    clock.set(new Date(markedAt.getTime() + 48 * HOUR));
    expect(await money.releaseDue()).toBe(1);
    expect(await earnings(market.tutor)).toEqual({
      currency: 'USD',
      pending: 0,
      available: 5100,
      paidOut: 0,
    });
    expect(await ledgerAccounts(market.admin, market.tutor)).toEqual({
      tutor_pending: 0,
      tutor_available: -5100,
    });
    expect(await refundsOf(paymentId)).toEqual([]);
    await toldBoth(market, student, bookingId, ['no_show_marked']);
  });

  it('a tutor who did not come and does not contest: refunded in full, by the schedule, once the 72 h pass', async () => {
    const market = await marketplace(t);
    const { student, bookingId, paymentId } = await market.paidBooking();

    await at(student, bookingId, -MINUTE, 'start');
    const early = await post(student, `/bookings/${bookingId}/report-tutor-absent`, {
      reason: 'no one there',
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('no_show.too_early');
    await at(student, bookingId, DAY + MINUTE, 'end');
    const late = await post(student, `/bookings/${bookingId}/report-tutor-absent`, {
      reason: 'no one there',
    });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('no_show.too_late');
    expect((await post(student, `/bookings/${bookingId}/report-tutor-absent`, {})).status).toBe(
      400,
    );
    // The tutor has no student role: the route is not theirs.
    expect(
      (await post(market.tutor, `/bookings/${bookingId}/report-tutor-absent`, { reason: 'x' }))
        .status,
    ).toBe(403);

    const reportedAt = await at(student, bookingId, 30 * MINUTE, 'start');
    const reported = await post(student, `/bookings/${bookingId}/report-tutor-absent`, {
      reason: 'The tutor never joined the call',
    });
    expect(reported.status).toBe(201);
    const deadline = new Date(reportedAt.getTime() + 72 * HOUR);
    expect(reported.body).toMatchObject({
      bookingId,
      tutorId: market.tutor.id,
      studentId: student.id,
      kind: 'tutor_absent',
      status: 'open',
      openedBy: student.id,
      reason: 'The tutor never joined the call',
      contestDeadline: deadline.toISOString(),
      resolution: null,
      refund: null,
      resolvedBy: null,
    });
    const disputeId = reported.body.id as string;
    await caseHeld(paymentId);

    const second = await post(student, `/bookings/${bookingId}/report-tutor-absent`, {
      reason: 'again',
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('dispute.case_open');
    const tutorMarks = await post(market.tutor, `/bookings/${bookingId}/no-show`);
    expect(tutorMarks.status).toBe(409);
    expect(tutorMarks.body.code).toBe('dispute.case_open');

    clock.set(new Date(deadline.getTime() - MINUTE));
    expect(await resolveUncontested()).toBe(0);
    clock.set(deadline);
    const tooLate = await post(market.tutor, `/disputes/${disputeId}/contest`, { reason: 'I was' });
    expect(tooLate.status).toBe(422);
    expect(tooLate.body.code).toBe('contest.too_late');
    expect(await resolveUncontested()).toBe(1);
    expect(await resolveUncontested()).toBe(0);

    const [resolved] = (
      await t.http().get(`/api/v1/bookings/${bookingId}/disputes`).set(student.auth)
    ).body as Record<string, unknown>[];
    expect(resolved).toMatchObject({
      id: disputeId,
      status: 'resolved',
      resolution: 'full_refund',
      refund: { amount: 6000, currency: 'USD' },
      resolvedBy: null,
      resolvedAt: deadline.toISOString(),
    });
    expect(await refunded(paymentId)).toEqual([
      {
        amount: 6000,
        feeReversed: 900,
        source: 'dispute',
        reason: 'tutor reported absent: full refund',
      },
    ]);
    await caseLifted(paymentId);
    expect(await earnings(market.tutor)).toEqual({
      currency: 'USD',
      pending: 0,
      available: 0,
      paidOut: 0,
    });
    expect(await ledgerAccounts(market.admin, market.tutor)).toEqual({ tutor_pending: 0 });
    const contestResolved = await post(market.tutor, `/disputes/${disputeId}/contest`, {
      reason: 'I was',
    });
    expect(contestResolved.status).toBe(409);
    expect(contestResolved.body.code).toBe('dispute.invalid_transition');

    const { history } = await booking(student, bookingId);
    expect(history.slice(-2)).toEqual([
      {
        from: 'confirmed',
        to: 'confirmed',
        actorId: student.id,
        reason: 'tutor reported absent: The tutor never joined the call',
        at: reportedAt.toISOString(),
      },
      {
        from: 'confirmed',
        to: 'confirmed',
        actorId: null,
        reason: 'absence report resolved: full refund of 6000 USD (not contested in time)',
        at: deadline.toISOString(),
      },
    ]);
    await toldBoth(market, student, bookingId, ['dispute_opened', 'dispute_resolved']);
  });

  /** A report of the tutor's absence through `POST /bookings/:id/no-show`, contested by the tutor. */
  async function contestedReport(market: Marketplace) {
    const paid = await market.paidBooking();
    const reportedAt = await at(paid.student, paid.bookingId, 10 * MINUTE, 'start');
    const reported = await post(paid.student, `/bookings/${paid.bookingId}/no-show`, {
      reason: 'The tutor did not show up',
    });
    expect(reported.status).toBe(200);
    expect(reported.body.booking.status).toBe('confirmed');
    expect(reported.body.dispute).toMatchObject({ kind: 'tutor_absent', status: 'open' });
    const disputeId = reported.body.dispute.id as string;
    await caseHeld(paid.paymentId);

    const stranger = await given(t).tutor();
    expect((await post(stranger, `/disputes/${disputeId}/contest`, { reason: 'x' })).status).toBe(
      404,
    );
    clock.set(new Date(reportedAt.getTime() + 71 * HOUR));
    const contested = await post(market.tutor, `/disputes/${disputeId}/contest`, {
      reason: 'I waited in the call for 30 minutes',
    });
    expect(contested.status).toBe(200);
    expect(contested.body).toMatchObject({
      status: 'contested',
      contestedAt: clock.now().toISOString(),
      contestReason: 'I waited in the call for 30 minutes',
    });
    const twice = await post(market.tutor, `/disputes/${disputeId}/contest`, { reason: 'x' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('dispute.invalid_transition');
    // Contested: the schedule leaves it to the admin, however long it waits.
    clock.advance(10 * DAY);
    expect(await resolveUncontested()).toBe(0);
    expect(await refundsOf(paid.paymentId)).toEqual([]);
    return { ...paid, disputeId };
  }

  it('a contested report, decided by an admin as a full refund', async () => {
    const market = await marketplace(t);
    const { student, bookingId, paymentId, disputeId } = await contestedReport(market);
    const resolved = await post(market.admin, `/admin/disputes/${disputeId}/resolve`, {
      resolution: 'full_refund',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolution: 'full_refund',
      refund: { amount: 6000, currency: 'USD' },
      resolvedBy: market.admin.id,
    });
    expect(await refunded(paymentId)).toEqual([
      {
        amount: 6000,
        feeReversed: 900,
        source: 'dispute',
        reason: 'tutor reported absent: full refund',
      },
    ]);
    await caseLifted(paymentId);
    expect(await earnings(market.tutor)).toMatchObject({ pending: 0, available: 0 });
    await toldBoth(market, student, bookingId, [
      'dispute_opened',
      'dispute_contested',
      'dispute_resolved',
    ]);
  });

  it('a contested report, decided by an admin as a partial refund: the tutor is paid the rest', async () => {
    const market = await marketplace(t);
    const { student, bookingId, paymentId, disputeId } = await contestedReport(market);
    const path = `/admin/disputes/${disputeId}`;
    const patch = (body: object, actor: Actor = market.admin) =>
      t.http().patch(`/api/v1${path}`).set(actor.auth).send(body);

    for (const body of [
      { outcome: 'partial_refund' },
      { outcome: 'partial_refund', amount: 6000 },
      { outcome: 'full_refund', amount: 100 },
    ]) {
      const refused = await patch(body);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('dispute.invalid_refund_amount');
      expect(refused.body.errors).toEqual([
        { field: 'amount', message: 'must be 1..5999 for a partial refund, absent otherwise' },
      ]);
    }
    expect((await patch({ outcome: 'maybe' })).status).toBe(400);
    expect((await patch({ outcome: 'partial_refund', amount: 0 })).status).toBe(400);
    expect((await patch({ outcome: 'no_refund' }, student)).status).toBe(403);
    expect((await patch({ outcome: 'no_refund' }, market.tutor)).status).toBe(403);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/admin/disputes/${bookingId}`)
          .set(market.admin.auth)
          .send({ outcome: 'no_refund' })
      ).status,
    ).toBe(404);

    const resolved = await patch({ outcome: 'partial_refund', amount: 3000 });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      resolution: 'partial_refund',
      refund: { amount: 3000, currency: 'USD' },
    });
    const again = await post(market.admin, `${path}/resolve`, { resolution: 'no_refund' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('dispute.invalid_transition');
    // 3000 back: 450 of it from the fee, 2550 from the tutor's held share.
    expect(await refunded(paymentId)).toEqual([
      {
        amount: 3000,
        feeReversed: 450,
        source: 'dispute',
        reason: 'tutor reported absent: partial refund',
      },
    ]);
    await caseLifted(paymentId);
    expect(await earnings(market.tutor)).toMatchObject({ pending: 2550, available: 0 });

    // The lesson is completed; after the hold the rest is the tutor's.
    await money.release(market.tutor, { bookingId, paymentId });
    expect(await earnings(market.tutor)).toEqual({
      currency: 'USD',
      pending: 0,
      available: 2550,
      paidOut: 0,
    });
    expect(await ledgerAccounts(market.admin, market.tutor)).toEqual({
      tutor_pending: 0,
      tutor_available: -2550,
    });
    expect(
      (await booking(student, bookingId)).history.map((entry) => entry.reason).slice(-3, -1),
    ).toEqual([
      'absence report contested: I waited in the call for 30 minutes',
      'absence report resolved: partial refund of 3000 USD',
    ]);
  });

  it('a contested report, decided by an admin as no refund: the tutor is paid in full after the hold', async () => {
    const market = await marketplace(t);
    const { bookingId, paymentId, disputeId } = await contestedReport(market);
    // The lesson was completed meanwhile; its hold has passed, but the case keeps it.
    const completedAt = await money.completeLesson(market.tutor, { bookingId, paymentId });
    clock.set(new Date(completedAt.getTime() + 48 * HOUR));
    expect(await money.releaseDue()).toBe(0);
    expect(await earnings(market.tutor)).toMatchObject({ pending: 5100, available: 0 });

    const resolved = await post(market.admin, `/admin/disputes/${disputeId}/resolve`, {
      resolution: 'no_refund',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      resolution: 'no_refund',
      refund: { amount: 0, currency: 'USD' },
    });
    await caseLifted(paymentId);
    expect(await money.releaseDue()).toBe(1);
    expect(await refundsOf(paymentId)).toEqual([]);
    expect(await earnings(market.tutor)).toEqual({
      currency: 'USD',
      pending: 0,
      available: 5100,
      paidOut: 0,
    });
  });

  it('a dispute after the lesson holds the release past the hold; a partial refund releases the rest', async () => {
    const market = await marketplace(t);
    const { student, bookingId, paymentId } = await market.paidBooking();
    const other = await given(t).student();

    await at(student, bookingId, 30 * MINUTE, 'start');
    const early = await post(student, `/bookings/${bookingId}/disputes`, { reason: 'too short' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('dispute.too_early');
    const completedAt = await money.completeLesson(market.tutor, { bookingId, paymentId });
    expect((await post(other, `/bookings/${bookingId}/disputes`, { reason: 'x' })).status).toBe(
      404,
    );
    expect((await post(student, `/bookings/${bookingId}/disputes`, { reason: '' })).status).toBe(
      400,
    );

    const openedAt = new Date(completedAt.getTime() + 2 * HOUR);
    clock.set(openedAt);
    const opened = await post(student, `/bookings/${bookingId}/disputes`, {
      reason: 'The lesson ended after 20 minutes',
      details: 'The tutor left early and did not come back.',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      kind: 'lesson_dispute',
      status: 'open',
      reason: 'The lesson ended after 20 minutes',
      details: 'The tutor left early and did not come back.',
      contestDeadline: null,
      refund: null,
    });
    const disputeId = opened.body.id as string;
    await caseHeld(paymentId);
    const contest = await post(market.tutor, `/disputes/${disputeId}/contest`, { reason: 'no' });
    expect(contest.status).toBe(409);
    expect(contest.body.code).toBe('dispute.not_contestable');

    const listed = await t
      .http()
      .get('/api/v1/admin/disputes')
      .query({ status: 'open', limit: 100 })
      .set(market.admin.auth);
    expect(listed.status).toBe(200);
    expect((listed.body.data as { id: string }[]).map((d) => d.id)).toContain(disputeId);
    expect((await t.http().get('/api/v1/admin/disputes').set(student.auth)).status).toBe(403);
    expect(
      (await t.http().get(`/api/v1/disputes/${disputeId}`).set(market.tutor.auth)).body.id,
    ).toBe(disputeId);
    expect((await t.http().get(`/api/v1/disputes/${disputeId}`).set(other.auth)).status).toBe(404);
    expect(
      (await t.http().get(`/api/v1/bookings/${bookingId}/disputes`).set(other.auth)).status,
    ).toBe(404);

    // The hold has passed, but the open dispute keeps the share pending.
    clock.set(new Date(completedAt.getTime() + 48 * HOUR));
    expect(await money.releaseDue()).toBe(0);
    expect(await payment(paymentId)).toMatchObject({ releasedAt: null });
    expect(await earnings(market.tutor)).toMatchObject({ pending: 5100, available: 0 });

    const resolved = await post(market.admin, `/admin/disputes/${disputeId}/resolve`, {
      resolution: 'partial_refund',
      refundAmount: 2000,
    });
    expect(resolved.status).toBe(200);
    // 2000 back: 300 of it from the fee, 1700 from the tutor's held share.
    expect(await refunded(paymentId)).toEqual([
      {
        amount: 2000,
        feeReversed: 300,
        source: 'dispute',
        reason: 'lesson disputed: partial refund',
      },
    ]);
    await caseLifted(paymentId);
    expect(await money.releaseDue()).toBe(1);
    expect(await payment(paymentId)).toMatchObject({ releasedAmount: 3400 });
    expect(await earnings(market.tutor)).toEqual({
      currency: 'USD',
      pending: 0,
      available: 3400,
      paidOut: 0,
    });
    expect(await ledgerAccounts(market.admin, market.tutor)).toEqual({
      tutor_pending: 0,
      tutor_available: -3400,
    });
    expect((await booking(student, bookingId)).history.slice(-2)).toEqual([
      {
        from: 'completed',
        to: 'completed',
        actorId: student.id,
        reason: 'lesson disputed: The lesson ended after 20 minutes',
        at: openedAt.toISOString(),
      },
      {
        from: 'completed',
        to: 'completed',
        actorId: market.admin.id,
        reason: 'dispute resolved: partial refund of 2000 USD',
        at: clock.now().toISOString(),
      },
    ]);
    await toldBoth(market, student, bookingId, ['dispute_opened', 'dispute_resolved']);
  });

  it('a dispute is refused 72 h after the lesson’s end; one after the release takes the refund from available', async () => {
    const market = await marketplace(t);
    const late = await market.paidBooking();
    await at(late.student, late.bookingId, 72 * HOUR + MINUTE, 'end');
    const refused = await post(late.student, `/bookings/${late.bookingId}/disputes`, {
      reason: 'too late',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('dispute.too_late');

    clock.set(new Date());
    // Another tutor, so that the first lesson's held share stays out of these balances.
    const released = await marketplace(t);
    const { student, bookingId, paymentId } = await released.paidBooking();
    const completedAt = await money.completeLesson(released.tutor, { bookingId, paymentId });
    await money.passHoldAndRelease(completedAt);
    expect(await earnings(released.tutor)).toMatchObject({ pending: 0, available: 5100 });

    await at(student, bookingId, 72 * HOUR, 'end');
    const opened = await post(student, `/bookings/${bookingId}/disputes`, { reason: 'not taught' });
    expect(opened.status).toBe(201);
    const resolved = await post(released.admin, `/admin/disputes/${opened.body.id}/resolve`, {
      resolution: 'full_refund',
    });
    expect(resolved.status).toBe(200);
    expect(await refunded(paymentId)).toEqual([
      { amount: 6000, feeReversed: 900, source: 'dispute', reason: 'lesson disputed: full refund' },
    ]);
    await caseLifted(paymentId);
    expect(await earnings(released.tutor)).toMatchObject({ pending: 0, available: 0 });
    expect(await ledgerAccounts(released.admin, released.tutor)).toEqual({
      tutor_pending: 0,
      tutor_available: 0,
    });
  });
});
