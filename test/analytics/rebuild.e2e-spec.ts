import { randomUUID } from 'node:crypto';
import { Clock, ControllableClock } from '@etutors/platform';
import {
  ReadModelRebuild,
  readModelRebuildOver,
} from '../../libs/analytics/src/application/read-model-rebuild.js';
import { LEADERBOARD_SORTS } from '../../libs/analytics/src/domain/tutor-figures.js';
import {
  CURRENCYLESS_METRICS,
  MONEY_METRICS,
  SERIES_INTERVALS,
  SERIES_METRICS,
} from '../../libs/analytics/src/domain/series.js';
import { marketplace, type Marketplace } from '../billing/support/marketplace.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { book, DAY, HOUR, openAllWeek } from '../scheduling/support.js';
import { analyticsCaughtUp, analyticsTables, projectedEvents } from './support.js';

const now = new Date();
const day0 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 9));
const at = (days: number, hours = 9) => new Date(day0.getTime() + days * DAY + (hours - 9) * HOUR);
const dayOf = (days: number) => at(days).toISOString().slice(0, 10);
const monthOf = (days: number, offset = 0) => {
  const instant = at(days);
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth() + offset, 1))
    .toISOString()
    .slice(0, 10);
};
const CURRENCIES = ['USD', 'EUR'];

interface Answer {
  status: number;
  contentType: string | undefined;
  body: unknown;
}

describe('analytics rebuild: truncate the read models and replay the outbox', () => {
  const clock = new ControllableClock(day0);
  let t: TestApp;
  let market: Marketplace;
  let admin: Actor;
  let euroTutor: Actor;

  /** A student's booking of the euro tutor, paid and confirmed. */
  async function paidEuroBooking(startsAt: Date, minutes: number) {
    const student = await given(t).student();
    const booked = await book(
      t,
      student,
      euroTutor,
      market.subjectId,
      startsAt.toISOString(),
      minutes,
    );
    expect(booked.status).toBe(201);
    const payment = await market.pay(student, booked.body.id);
    expect((await market.confirm(student, payment.body.id, 'pm_card_visa')).body.status).toBe(
      'succeeded',
    );
    await market.bookingBecomes(student, booked.body.id, 'confirmed');
    return { student, bookingId: booked.body.id as string, paymentId: payment.body.id as string };
  }

  beforeAll(async () => {
    t = await startTestApp({
      env: { ...WITH_ADMIN, PLATFORM_FEE_BPS: '1500', ACCESS_TOKEN_TTL: String((60 * DAY) / 1000) },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    market = await marketplace(t);
    admin = market.admin;
    euroTutor = await given(t).approvedTutor(admin, {
      subjectIds: [market.subjectId],
      rate: 3000,
      currency: 'EUR',
    });
    await openAllWeek(t, euroTutor);

    // Day 0: dollars and euros booked and paid, one booking left unpaid.
    const moved = await market.paidBooking({ startsAt: at(2, 10).toISOString(), minutes: 60 });
    const cancelled = await market.paidBooking({ startsAt: at(4, 10).toISOString(), minutes: 90 });
    await market.bookedStudent({ startsAt: at(6, 10).toISOString(), minutes: 60 });
    const taught = await paidEuroBooking(at(0, 10), 60);
    const refunded = await paidEuroBooking(at(3, 10), 120);
    await analyticsCaughtUp(t);

    // Day 1: a lesson moved, one cancelled by its tutor, one taught and reviewed, a goodwill refund.
    clock.set(at(1));
    await t
      .http()
      .post(`/api/v1/bookings/${moved.bookingId}/reschedule`)
      .set(moved.student.auth)
      .send({ startsAt: at(5, 14).toISOString() })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/bookings/${cancelled.bookingId}/cancel`)
      .set(market.tutor.auth)
      .send({ reason: 'ill' })
      .expect(200);
    const lesson = await eventually(async () => {
      const res = await t
        .http()
        .get('/api/v1/lessons')
        .query({ bookingId: taught.bookingId })
        .set(taught.student.auth);
      return res.body.data[0] as { id: string } | undefined;
    });
    await t.http().post(`/api/v1/lessons/${lesson.id}/complete`).set(euroTutor.auth).expect(200);
    await t
      .http()
      .post(`/api/v1/lessons/${lesson.id}/review`)
      .set(taught.student.auth)
      .send({ rating: 5 })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/admin/payments/${refunded.paymentId}/refunds`)
      .set(admin.auth)
      .set('idempotency-key', randomUUID())
      .send({ amount: 1000, reason: 'goodwill' })
      .expect(201);
    await eventually(async () => {
      const [{ refunds }] = await t.dataSource.query(
        `SELECT count(*)::int AS refunds FROM platform.outbox WHERE type = 'billing.refund.issued'`,
      );
      return refunds === 2;
    });
    await analyticsCaughtUp(t);
    // A report is a document, not a projection: the rebuild leaves it alone.
    await t.dataSource.query(
      `INSERT INTO analytics.reports (id, type, period_from, period_to, status, requested_by, created_at)
       VALUES ($1, 'revenue', $2, $3, 'queued', $4, $2)`,
      [randomUUID(), at(0), at(1), admin.id],
    );
  });
  afterAll(() => t.close());

  /**
   * The answer of every analytics route over the scenario's days: the overview, every metric's
   * series at every interval (money in each currency, Berlin days too), the leaderboard by each
   * sort both ways, each tutor's own figures, cohorts, repeat bookings, the CSV of every list,
   * and the reports.
   */
  async function everyAnswer(): Promise<Record<string, Answer>> {
    const period = { from: dayOf(-1), to: dayOf(8) };
    const requests: [string, Actor, string, Record<string, string>, boolean?][] = [
      ['overview', admin, '/admin/analytics/overview', period],
      ['repeat-bookings', admin, '/admin/analytics/repeat-bookings', period],
      ['reports', admin, '/admin/reports', {}],
    ];
    const cohorts = { from: monthOf(-1), to: monthOf(8, 1) };
    requests.push(['cohorts', admin, '/admin/analytics/cohorts', cohorts]);
    requests.push(['cohorts csv', admin, '/admin/analytics/cohorts', cohorts, true]);
    for (const metric of SERIES_METRICS) {
      const currencies = MONEY_METRICS.includes(metric)
        ? CURRENCIES
        : CURRENCYLESS_METRICS.includes(metric)
          ? [undefined]
          : [undefined, ...CURRENCIES];
      for (const interval of SERIES_INTERVALS)
        for (const timezone of ['UTC', 'Europe/Berlin'])
          for (const currency of currencies) {
            const query = { ...period, metric, interval, timezone, ...(currency && { currency }) };
            const name = `timeseries ${metric} ${interval} ${timezone} ${currency ?? ''}`;
            requests.push([name, admin, '/admin/analytics/timeseries', query]);
            if (interval === 'day')
              requests.push([`${name} csv`, admin, '/admin/analytics/timeseries', query, true]);
          }
    }
    for (const sort of LEADERBOARD_SORTS)
      for (const order of ['asc', 'desc'])
        for (const currency of sort === 'revenue' ? CURRENCIES : [undefined, ...CURRENCIES]) {
          const query = { ...period, sort, order, ...(currency && { currency }) };
          const name = `tutors ${sort} ${order} ${currency ?? ''}`;
          requests.push([name, admin, '/admin/analytics/tutors', query]);
          requests.push([`${name} csv`, admin, '/admin/analytics/tutors', query, true]);
        }
    for (const tutor of [market.tutor, euroTutor])
      requests.push([`tutors/me ${tutor.id}`, tutor, '/tutors/me/analytics', period]);

    const answers: Record<string, Answer> = {};
    for (const [name, actor, path, query, csv] of requests) {
      const request = t.http().get(`/api/v1${path}`).query(query).set(actor.auth);
      const res = await (csv ? request.set('accept', 'text/csv') : request);
      answers[name] = {
        status: res.status,
        contentType: res.headers['content-type'],
        body: csv ? res.text : res.body,
      };
    }
    return answers;
  }

  it('ends at exactly the read models the live projections built, batch after batch', async () => {
    const before = await analyticsTables(t);
    // The scenario reached every read model, in both currencies.
    for (const table of Object.keys(before)) expect(before[table]!.length).toBeGreaterThan(0);
    expect(
      new Set(
        (before['analytics.daily_tutor_stats'] as { currency: string }[]).map(
          (row) => row.currency,
        ),
      ),
    ).toEqual(new Set(['USD', 'EUR']));
    const events = await projectedEvents(t);

    const { replayed } = await t.get(ReadModelRebuild).rebuild({ batchSize: 7 });

    expect(replayed).toBe(events.length);
    expect(await analyticsTables(t)).toEqual(before);
  });

  it('answers every analytics route exactly as before after `npm run analytics:rebuild`', async () => {
    const before = await everyAnswer();
    for (const [name, answer] of Object.entries(before)) {
      expect({ name, status: answer.status }).toEqual({ name, status: 200 });
    }
    // The answers carry the scenario's figures, so a rebuild that lost them would show.
    expect(before['overview']!.body).toMatchObject({
      bookings: { created: 5, confirmed: 4, cancelled: 1, completed: 1 },
    });
    expect(
      (before['overview']!.body as { revenue: { currency: string }[] }).revenue.map(
        (money) => money.currency,
      ),
    ).toEqual(['EUR', 'USD']);
    expect(before['tutors lessons desc ']!.body).toMatchObject({ meta: { total: 2 } });
    expect(before['cohorts csv']!.contentType).toMatch(/^text\/csv/);

    // What the script runs, over the data source alone.
    const { replayed } = await readModelRebuildOver(t.dataSource).rebuild();

    expect(replayed).toBe((await projectedEvents(t)).length);
    expect(await everyAnswer()).toEqual(before);
  });

  it('repairs read models that went wrong: they are rebuilt from the events alone', async () => {
    const before = await analyticsTables(t);
    const answered = await everyAnswer();
    await t.dataSource.query(`UPDATE analytics.daily_tutor_stats SET gross = gross + 1`);
    await t.dataSource.query(`DELETE FROM analytics.bookings WHERE completed_at IS NOT NULL`);
    await t.dataSource.query(
      `INSERT INTO analytics.daily_activity (day, user_id, role) VALUES ('2020-01-01', $1, 'tutor')`,
      [randomUUID()],
    );
    expect(await analyticsTables(t)).not.toEqual(before);
    expect(await everyAnswer()).not.toEqual(answered);

    await t.get(ReadModelRebuild).rebuild();

    expect(await analyticsTables(t)).toEqual(before);
    expect(await everyAnswer()).toEqual(answered);
  });
});
