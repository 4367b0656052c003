import { Clock, ControllableClock } from '@etutors/platform';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { analyticsRows } from './support/analytics-rows.js';
import { parseCsv } from '../support/csv.js';

/** Pinned, so the default periods cannot straddle a midnight mid-test. */
const clock = new ControllableClock(new Date('2026-12-01T15:00:00Z'));

const HOUR = 3_600_000;

describe('analytics endpoints: figures from the analytics read models, JSON and CSV', () => {
  let t: TestApp;
  let rows: ReturnType<typeof analyticsRows>;
  let admin: Actor;
  let student: Actor;
  let tutor: Actor;

  const get = (path: string, actor: Actor, query: Record<string, string | number> = {}) =>
    t.http().get(`/api/v1${path}`).query(query).set(actor.auth);

  beforeAll(async () => {
    t = await startTestApp({
      env: WITH_ADMIN,
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    rows = analyticsRows(t);
    admin = await given(t).admin();
    student = await given(t).student();
    tutor = await given(t).tutor();
  });

  afterAll(() => t?.close());

  describe('who may ask', () => {
    const adminRoutes = [
      '/admin/analytics/overview',
      '/admin/analytics/timeseries?metric=bookings_created',
      '/admin/analytics/tutors',
      '/admin/analytics/cohorts',
      '/admin/analytics/repeat-bookings',
    ];

    it('401 without a token, on every route', async () => {
      for (const path of [...adminRoutes, '/tutors/me/analytics']) {
        const res = await t.http().get(`/api/v1${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
    });

    it('403 for a student or a tutor on the admin routes, and for a student or an admin on the tutor’s', async () => {
      for (const path of adminRoutes)
        for (const actor of [student, tutor]) {
          const res = await t.http().get(`/api/v1${path}`).set(actor.auth);
          expect({ path, status: res.status }).toEqual({ path, status: 403 });
        }
      for (const actor of [student, admin])
        expect((await get('/tutors/me/analytics', actor)).status).toBe(403);
    });
  });

  describe('GET /admin/analytics/overview', () => {
    const tutorUsd = '00000000-0000-4000-8000-0000000000a1';
    const tutorEur = '00000000-0000-4000-8000-0000000000a2';
    const studentOne = '00000000-0000-4000-8000-0000000000b1';
    const studentTwo = '00000000-0000-4000-8000-0000000000b2';

    beforeAll(async () => {
      // The period 2030-03-01 .. 2030-03-31; the previous one 2030-01-30 .. 2030-03-01.
      await rows.dailyStats('2030-03-05', tutorUsd, 'USD', {
        bookings_created: 3,
        bookings_confirmed: 2,
        bookings_cancelled: 1,
        lessons_completed: 1,
        gross: 8000,
        platform_fees: 1200,
        refunds: 2000,
        fees_reversed: 300,
      });
      await rows.dailyStats('2030-03-30', tutorEur, 'EUR', {
        bookings_created: 2,
        bookings_confirmed: 2,
        lessons_completed: 2,
        gross: 10000,
        platform_fees: 1500,
      });
      await rows.dailyStats('2030-03-31', tutorUsd, 'USD', { bookings_created: 100 });
      await rows.dailyStats('2030-02-15', tutorUsd, 'USD', {
        bookings_created: 2,
        bookings_confirmed: 1,
        gross: 4000,
        platform_fees: 600,
      });
      await rows.dailyStats('2030-01-29', tutorUsd, 'USD', { bookings_created: 50 });
      await rows.active('2030-03-05', studentOne, 'student');
      await rows.active('2030-03-20', studentOne, 'student');
      await rows.active('2030-03-10', studentTwo, 'student');
      await rows.active('2030-03-05', tutorUsd, 'tutor');
      await rows.active('2030-03-30', tutorEur, 'tutor');
      await rows.active('2030-02-15', studentOne, 'student');
      await rows.active('2030-02-15', tutorUsd, 'tutor');
      await rows.user('2030-03-01T00:00:00Z');
      await rows.user('2030-03-30T23:59:59Z', ['tutor']);
      await rows.user('2030-03-31T00:00:00Z');
      await rows.user('2030-02-01T08:00:00Z');
    });

    it('sums the period’s days per currency, with the previous period and the deltas', async () => {
      const res = await get('/admin/analytics/overview', admin, {
        from: '2030-03-01',
        to: '2030-03-31T00:00:00Z',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        period: { from: '2030-03-01T00:00:00.000Z', to: '2030-03-31T00:00:00.000Z' },
        bookings: { created: 5, confirmed: 4, cancelled: 1, completed: 3 },
        revenue: [
          { currency: 'EUR', gross: 10000, platformFees: 1500, refunds: 0 },
          { currency: 'USD', gross: 8000, platformFees: 900, refunds: 2000 },
        ],
        activeStudents: 2,
        activeTutors: 2,
        newUsers: 2,
        previous: {
          period: { from: '2030-01-30T00:00:00.000Z', to: '2030-03-01T00:00:00.000Z' },
          bookings: { created: 2, confirmed: 1, cancelled: 0, completed: 0 },
          revenue: [{ currency: 'USD', gross: 4000, platformFees: 600, refunds: 0 }],
          activeStudents: 1,
          activeTutors: 1,
          newUsers: 1,
        },
        deltas: {
          bookings: {
            created: { absolute: 3, relative: 1.5 },
            confirmed: { absolute: 3, relative: 3 },
            cancelled: { absolute: 1, relative: null },
            completed: { absolute: 3, relative: null },
          },
          revenue: [
            {
              currency: 'EUR',
              gross: { absolute: 10000, relative: null },
              platformFees: { absolute: 1500, relative: null },
              refunds: { absolute: 0, relative: null },
            },
            {
              currency: 'USD',
              gross: { absolute: 4000, relative: 1 },
              platformFees: { absolute: 300, relative: 0.5 },
              refunds: { absolute: 2000, relative: null },
            },
          ],
          activeStudents: { absolute: 1, relative: 1 },
          activeTutors: { absolute: 1, relative: 1 },
          newUsers: { absolute: 1, relative: 1 },
        },
      });
    });

    it('covers the last 30 days, today included, by default', async () => {
      const res = await get('/admin/analytics/overview', admin);
      expect(res.status).toBe(200);
      expect(res.body.period).toEqual({
        from: '2026-11-02T00:00:00.000Z',
        to: '2026-12-02T00:00:00.000Z',
      });
      expect(res.body.previous.period).toEqual({
        from: '2026-10-03T00:00:00.000Z',
        to: '2026-11-02T00:00:00.000Z',
      });
    });

    it('400 for bounds off a UTC midnight, an end not after the start, too long a span or no date', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ from: '2030-03-01T00:30:00Z' }, 'from'],
        [{ from: '2030-03-01', to: '2030-03-31T00:00:00+01:00' }, 'to'],
        [{ from: '2030-03-01', to: '2030-03-01' }, 'to'],
        [{ from: '2027-01-01', to: '2029-01-02' }, 'to'],
        [{ from: 'last tuesday' }, 'from'],
        [{ from: '2030-02-30' }, 'from'],
      ];
      for (const [query, field] of cases) {
        const res = await get('/admin/analytics/overview', admin, query);
        expect({
          query,
          status: res.status,
          fields: res.body.errors?.map((e: { field: string }) => e.field),
        }).toEqual({
          query,
          status: 400,
          fields: [field],
        });
      }
      const offMidnight = await get('/admin/analytics/overview', admin, {
        from: '2030-03-01T12:00:00Z',
      });
      expect(offMidnight.body.errors[0].message).toBe(
        'from must be a date or an instant at 00:00 UTC: the figures are kept per UTC day',
      );
      expect((await get('/admin/analytics/overview', admin, { currency: 'USD' })).status).toBe(400);
    });
  });

  describe('GET /admin/analytics/timeseries', () => {
    const someTutor = '00000000-0000-4000-8000-0000000000c1';
    const someStudent = '00000000-0000-4000-8000-0000000000c2';

    beforeAll(async () => {
      // Berlin moves its clocks forward on 2030-03-31 and back on 2030-10-27.
      for (const requestedAt of [
        '2030-03-29T22:59:00Z', // 23:59 on the 29th in Berlin
        '2030-03-29T23:00:00Z', // 00:00 on the 30th
        '2030-03-30T23:30:00Z', // 00:30 on the 31st (CET)
        '2030-03-31T21:30:00Z', // 23:30 on the 31st (CEST)
      ])
        await rows.booking({ tutorId: someTutor, studentId: someStudent, requestedAt });
      await rows.booking({
        tutorId: someTutor,
        studentId: someStudent,
        currency: 'EUR',
        requestedAt: '2030-03-31T22:00:00Z', // 00:00 on 1 April (CEST)
      });
      await rows.booking({
        tutorId: someTutor,
        studentId: someStudent,
        completedAt: '2030-10-27T22:30:00Z', // 23:30 on the 27th (CET again)
      });
      await rows.payment({
        tutorId: someTutor,
        currency: 'USD',
        gross: 5000,
        platformFee: 750,
        succeededAt: '2030-03-10T12:00:00Z',
      });
      await rows.payment({
        tutorId: someTutor,
        currency: 'USD',
        gross: 3000,
        platformFee: 450,
        succeededAt: '2030-03-31T22:30:00Z', // April in Berlin, March in UTC
      });
      await rows.payment({
        tutorId: someTutor,
        currency: 'EUR',
        gross: 7000,
        platformFee: 1050,
        succeededAt: '2030-03-15T12:00:00Z',
      });
      await rows.refund({
        tutorId: someTutor,
        currency: 'USD',
        amount: 1000,
        feeReversed: 100,
        refundedAt: '2030-04-10T09:00:00Z',
      });
    });

    const series = (query: Record<string, string>) =>
      get('/admin/analytics/timeseries', admin, query);

    it('buckets by local midnight in the zone: the spring day is 23 hours long, empty days are 0', async () => {
      const res = await series({
        metric: 'bookings_created',
        interval: 'day',
        from: '2030-03-29',
        to: '2030-04-03',
        timezone: 'Europe/Berlin',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        { bucket: '2030-03-28T23:00:00.000Z', value: 1 },
        { bucket: '2030-03-29T23:00:00.000Z', value: 1 },
        { bucket: '2030-03-30T23:00:00.000Z', value: 2 },
        { bucket: '2030-03-31T22:00:00.000Z', value: 1 },
        { bucket: '2030-04-01T22:00:00.000Z', value: 0 },
      ]);
      expect(Date.parse(res.body[3].bucket) - Date.parse(res.body[2].bucket)).toBe(23 * HOUR);
    });

    it('the same facts by UTC days, and only one currency’s bookings when asked', async () => {
      const utc = await series({
        metric: 'bookings_created',
        from: '2030-03-29',
        to: '2030-04-03',
      });
      expect(utc.body.map((point: { value: number }) => point.value)).toEqual([2, 1, 2, 0, 0]);
      expect(utc.body[0].bucket).toBe('2030-03-29T00:00:00.000Z');
      const eur = await series({
        metric: 'bookings_created',
        from: '2030-03-29',
        to: '2030-04-03',
        timezone: 'Europe/Berlin',
        currency: 'EUR',
      });
      expect(eur.body.map((point: { value: number }) => point.value)).toEqual([0, 0, 0, 1, 0]);
    });

    it('the autumn day is 25 hours long', async () => {
      const res = await series({
        metric: 'lessons_completed',
        from: '2030-10-26',
        to: '2030-10-29',
        timezone: 'Europe/Berlin',
      });
      expect(res.body).toEqual([
        { bucket: '2030-10-25T22:00:00.000Z', value: 0 },
        { bucket: '2030-10-26T22:00:00.000Z', value: 1 },
        { bucket: '2030-10-27T23:00:00.000Z', value: 0 },
      ]);
      expect(Date.parse(res.body[2].bucket) - Date.parse(res.body[1].bucket)).toBe(25 * HOUR);
    });

    it('weeks start on Monday; a first week reaching before `from` counts only what is inside', async () => {
      const weeks = await series({
        metric: 'bookings_created',
        interval: 'week',
        from: '2030-03-25',
        to: '2030-04-08',
        timezone: 'Europe/Berlin',
      });
      expect(weeks.body).toEqual([
        { bucket: '2030-03-24T23:00:00.000Z', value: 4 },
        { bucket: '2030-03-31T22:00:00.000Z', value: 1 },
      ]);
      const clipped = await series({
        metric: 'bookings_created',
        interval: 'week',
        from: '2030-03-30',
        to: '2030-04-08',
        timezone: 'Europe/Berlin',
      });
      expect(clipped.body).toEqual([
        { bucket: '2030-03-24T23:00:00.000Z', value: 3 },
        { bucket: '2030-03-31T22:00:00.000Z', value: 1 },
      ]);
    });

    it('money per month in one currency: gross, fees kept (less fees returned) and refunds', async () => {
      const query = { interval: 'month', from: '2030-03-01', to: '2030-05-01', currency: 'USD' };
      const berlin = { ...query, timezone: 'Europe/Berlin' };
      const values = async (q: Record<string, string>) =>
        (await series(q)).body.map((point: { value: number }) => point.value);
      expect((await series({ ...berlin, metric: 'gross' })).body).toEqual([
        { bucket: '2030-02-28T23:00:00.000Z', value: 5000 },
        { bucket: '2030-03-31T22:00:00.000Z', value: 3000 },
      ]);
      expect(await values({ ...query, metric: 'gross' })).toEqual([8000, 0]);
      expect(await values({ ...berlin, metric: 'platform_fees' })).toEqual([750, 350]);
      expect(await values({ ...berlin, metric: 'refunds' })).toEqual([0, 1000]);
      expect(await values({ ...berlin, metric: 'gross', currency: 'EUR' })).toEqual([7000, 0]);
    });

    it('new users by the month they registered', async () => {
      const res = await series({
        metric: 'new_users',
        interval: 'month',
        from: '2030-02-01',
        to: '2030-04-01',
      });
      expect(res.body).toEqual([
        { bucket: '2030-02-01T00:00:00.000Z', value: 1 },
        { bucket: '2030-03-01T00:00:00.000Z', value: 3 },
      ]);
    });

    it('answers CSV with a header row when asked, for the same filters', async () => {
      const res = await t
        .http()
        .get('/api/v1/admin/analytics/timeseries')
        .query({
          metric: 'bookings_created',
          from: '2030-03-29',
          to: '2030-04-01',
          timezone: 'Europe/Berlin',
        })
        .set(admin.auth)
        .set('accept', 'text/csv');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="analytics-timeseries-bookings_created-2030-03-28-2030-03-31.csv"',
      );
      expect(res.text).toBe(
        'bucket,value\r\n2030-03-28T23:00:00.000Z,1\r\n2030-03-29T23:00:00.000Z,1\r\n2030-03-30T23:00:00.000Z,2\r\n',
      );
    });

    it('400 for a missing or unknown metric, interval or zone, and a currency where it does not belong', async () => {
      const cases: [Record<string, string>, string][] = [
        [{}, 'metric'],
        [{ metric: 'revenue' }, 'metric'],
        [{ metric: 'bookings_created', interval: 'year' }, 'interval'],
        [{ metric: 'bookings_created', timezone: 'Mars/Olympus_Mons' }, 'timezone'],
        [{ metric: 'bookings_created', timezone: '+01:00' }, 'timezone'],
        [{ metric: 'gross' }, 'currency'],
        [{ metric: 'new_users', currency: 'USD' }, 'currency'],
        [{ metric: 'gross', currency: 'usd' }, 'currency'],
        [{ metric: 'bookings_created', from: '2030-03-01', to: '2030-02-01' }, 'to'],
      ];
      for (const [query, field] of cases) {
        const res = await series(query);
        expect({
          query,
          status: res.status,
          fields: res.body.errors?.map((e: { field: string }) => e.field),
        }).toEqual({
          query,
          status: 400,
          fields: [field],
        });
      }
    });
  });

  describe('GET /admin/analytics/tutors and /tutors/me/analytics', () => {
    const tutorA = '00000000-0000-4000-8000-0000000000d1';
    const tutorB = '00000000-0000-4000-8000-0000000000d2';
    const tutorC = '00000000-0000-4000-8000-0000000000d3';
    const period = { from: '2031-06-01', to: '2031-06-08' };

    beforeAll(async () => {
      await rows.dailyStats('2031-06-02', tutorA, 'USD', {
        bookings_created: 4,
        bookings_cancelled: 1,
        lessons_completed: 3,
        booked_minutes: 180,
        gross: 12000,
        platform_fees: 1800,
        refunds: 2000,
        fees_reversed: 300,
      });
      await rows.dailyStats('2031-06-08', tutorA, 'USD', { lessons_completed: 50 });
      await rows.dailyReviews('2031-06-03', tutorA, 2, 9);
      await rows.availability(tutorA, '2031-05-01T00:00:00Z', 600);
      await rows.availability(tutorA, '2031-06-04T12:00:00Z', 1200);
      await rows.availability(tutorA, '2031-07-01T00:00:00Z', 10080);
      await rows.dailyStats('2031-06-05', tutorB, 'EUR', {
        bookings_created: 2,
        lessons_completed: 1,
        booked_minutes: 60,
        gross: 5000,
        platform_fees: 750,
      });
      await rows.dailyStats('2031-06-06', tutorC, 'USD', {
        bookings_created: 1,
        bookings_cancelled: 1,
      });
      await rows.dailyStats('2031-06-06', tutorC, 'EUR', {
        lessons_completed: 5,
        gross: 20000,
        platform_fees: 3000,
      });
      await rows.dailyReviews('2031-06-06', tutorC, 1, 3);
      await rows.availability(tutorC, '2031-06-01T00:00:00Z', 700);
    });

    const rowA = {
      tutorId: tutorA,
      lessons: 3,
      revenue: [{ currency: 'USD', gross: 12000, net: 8500 }],
      rating: 4.5,
      reviews: 2,
      cancellationRate: 0.25,
      // 3.5 days at 600 a week, then 3.5 days at 1200: 300 + 600 minutes open.
      utilization: 0.2,
      bookingsCreated: 4,
      bookingsCancelled: 1,
      bookedMinutes: 180,
      availableMinutes: 900,
    };
    const rowB = {
      tutorId: tutorB,
      lessons: 1,
      revenue: [{ currency: 'EUR', gross: 5000, net: 4250 }],
      rating: null,
      reviews: 0,
      cancellationRate: 0,
      utilization: null,
      bookingsCreated: 2,
      bookingsCancelled: 0,
      bookedMinutes: 60,
      availableMinutes: 0,
    };
    const rowC = {
      tutorId: tutorC,
      lessons: 5,
      revenue: [
        { currency: 'EUR', gross: 20000, net: 17000 },
        { currency: 'USD', gross: 0, net: 0 },
      ],
      rating: 3,
      reviews: 1,
      cancellationRate: 1,
      utilization: 0,
      bookingsCreated: 1,
      bookingsCancelled: 1,
      bookedMinutes: 0,
      availableMinutes: 700,
    };
    const board = (query: Record<string, string | number>) =>
      get('/admin/analytics/tutors', admin, { ...period, ...query });
    const order = async (query: Record<string, string | number>) =>
      (await board(query)).body.data.map((row: { tutorId: string }) => row.tutorId);

    it('ranks by lessons by default, each tutor with revenue per currency, rating, rates and utilization', async () => {
      const res = await board({});
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        data: [rowC, rowA, rowB],
        meta: { page: 1, limit: 20, total: 3 },
      });
    });

    it('sorts by each figure, either way, tutors without it last', async () => {
      expect(await order({ sort: 'lessons', order: 'asc' })).toEqual([tutorB, tutorA, tutorC]);
      expect(await order({ sort: 'rating' })).toEqual([tutorA, tutorC, tutorB]);
      expect(await order({ sort: 'rating', order: 'asc' })).toEqual([tutorC, tutorA, tutorB]);
      expect(await order({ sort: 'cancellation_rate' })).toEqual([tutorC, tutorA, tutorB]);
      expect(await order({ sort: 'utilization' })).toEqual([tutorA, tutorC, tutorB]);
      expect(await order({ sort: 'utilization', order: 'asc' })).toEqual([tutorC, tutorA, tutorB]);
      // B and C have no USD gross: a tie, broken by tutor id.
      expect(await order({ sort: 'revenue', currency: 'USD' })).toEqual([tutorA, tutorB, tutorC]);
      const eur = await board({ sort: 'revenue', currency: 'EUR' });
      expect(eur.body.data.map((row: { tutorId: string }) => row.tutorId)).toEqual([
        tutorC,
        tutorB,
        tutorA,
      ]);
      expect(eur.body.data.map((row: { revenue: unknown[] }) => row.revenue)).toEqual([
        [{ currency: 'EUR', gross: 20000, net: 17000 }],
        [{ currency: 'EUR', gross: 5000, net: 4250 }],
        [],
      ]);
    });

    it('pages', async () => {
      const res = await board({ limit: 2, page: 2 });
      expect(res.body).toEqual({ data: [rowB], meta: { page: 2, limit: 2, total: 3 } });
    });

    it('answers CSV: a gross and a net column per currency, empty cells for missing figures', async () => {
      const res = await t
        .http()
        .get('/api/v1/admin/analytics/tutors')
        .query(period)
        .set(admin.auth)
        .set('accept', 'text/csv');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(parseCsv(res.text)).toEqual([
        [
          'tutor_id',
          'lessons',
          'gross_EUR',
          'net_EUR',
          'gross_USD',
          'net_USD',
          'rating',
          'reviews',
          'cancellation_rate',
          'utilization',
          'bookings_created',
          'bookings_cancelled',
          'booked_minutes',
          'available_minutes',
        ],
        [tutorC, '5', '20000', '17000', '0', '0', '3', '1', '1', '0', '1', '1', '0', '700'],
        [tutorA, '3', '0', '0', '12000', '8500', '4.5', '2', '0.25', '0.2', '4', '1', '180', '900'],
        [tutorB, '1', '5000', '4250', '0', '0', '', '0', '0', '', '2', '0', '60', '0'],
      ]);
    });

    it('400 for revenue without a currency, an unknown sort and bounds off a UTC day', async () => {
      const cases: [Record<string, string | number>, string][] = [
        [{ sort: 'revenue' }, 'currency'],
        [{ sort: 'popularity' }, 'sort'],
        [{ order: 'sideways' }, 'order'],
        [{ limit: 101 }, 'limit'],
        [{ from: '2031-06-01T06:00:00Z' }, 'from'],
      ];
      for (const [query, field] of cases) {
        const res = await board(query);
        expect({
          query,
          status: res.status,
          fields: res.body.errors?.map((e: { field: string }) => e.field),
        }).toEqual({
          query,
          status: 400,
          fields: [field],
        });
      }
    });

    it('a tutor sees their own figures, earnings per currency with fees, refunds and net', async () => {
      await rows.dailyStats('2031-06-03', tutor.id, 'USD', {
        bookings_created: 2,
        bookings_cancelled: 1,
        lessons_completed: 1,
        booked_minutes: 60,
        gross: 4000,
        platform_fees: 600,
        refunds: 1000,
        fees_reversed: 150,
      });
      await rows.dailyReviews('2031-06-04', tutor.id, 1, 5);
      await rows.availability(tutor.id, '2031-01-01T00:00:00Z', 420);
      const res = await get('/tutors/me/analytics', tutor, period);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        period: { from: '2031-06-01T00:00:00.000Z', to: '2031-06-08T00:00:00.000Z' },
        lessons: 1,
        earnings: [{ currency: 'USD', gross: 4000, fees: 450, refunds: 1000, net: 2550 }],
        rating: 5,
        reviews: 1,
        cancellationRate: 0.5,
        utilization: 0.1429,
        bookingsCreated: 2,
        bookingsCancelled: 1,
        bookedMinutes: 60,
        availableMinutes: 420,
      });
    });

    it('and zeros for a period without anything', async () => {
      const res = await get('/tutors/me/analytics', tutor, {
        from: '2031-01-01',
        to: '2031-01-08',
      });
      expect(res.body).toEqual({
        period: { from: '2031-01-01T00:00:00.000Z', to: '2031-01-08T00:00:00.000Z' },
        lessons: 0,
        earnings: [],
        rating: null,
        reviews: 0,
        cancellationRate: null,
        utilization: 0,
        bookingsCreated: 0,
        bookingsCancelled: 0,
        bookedMinutes: 0,
        availableMinutes: 420,
      });
      expect(
        (await get('/tutors/me/analytics', tutor, { to: '2031-01-08T01:00:00Z' })).status,
      ).toBe(400);
    });
  });

  describe('GET /admin/analytics/cohorts and /repeat-bookings', () => {
    const teacher = '00000000-0000-4000-8000-0000000000e1';
    const other = '00000000-0000-4000-8000-0000000000e2';
    const student = (n: number) => `00000000-0000-4000-8000-0000000000f${n}`;

    beforeAll(async () => {
      const completed = (studentId: string, completedAt: string) =>
        rows.booking({ tutorId: teacher, studentId, completedAt });
      await completed(student(1), '2032-01-10T10:00:00Z');
      await completed(student(1), '2032-02-05T10:00:00Z');
      await completed(student(1), '2032-03-01T10:00:00Z');
      await completed(student(2), '2032-01-20T10:00:00Z');
      await completed(student(3), '2032-02-14T10:00:00Z');
      await completed(student(3), '2032-02-20T10:00:00Z');
      await completed(student(3), '2032-04-01T10:00:00Z');
      await completed(student(4), '2031-12-31T23:00:00Z');
      await completed(student(4), '2032-01-15T10:00:00Z');
      await rows.booking({
        tutorId: teacher,
        studentId: student(5),
        startsAt: '2032-01-05T10:00:00Z',
      });

      const booked = (studentId: string, tutorId: string, requestedAt: string, paid = true) =>
        rows.booking({
          tutorId,
          studentId,
          requestedAt,
          confirmedAt: paid ? new Date(Date.parse(requestedAt) + 600_000).toISOString() : undefined,
        });
      await booked(student(6), teacher, '2032-06-02T10:00:00Z');
      await booked(student(6), teacher, '2032-06-10T10:00:00Z');
      await booked(student(7), teacher, '2032-06-03T10:00:00Z');
      await booked(student(7), other, '2032-06-04T10:00:00Z');
      await booked(student(8), teacher, '2032-06-05T10:00:00Z');
      await booked(student(8), teacher, '2032-06-06T10:00:00Z', false);
      await booked(student(9), teacher, '2032-05-30T10:00:00Z');
      await booked(student(9), teacher, '2032-06-07T10:00:00Z');
    });

    it('cohorts by the month of the first completed lesson, active per month since', async () => {
      const res = await get('/admin/analytics/cohorts', admin, {
        from: '2032-01-01',
        to: '2032-04-01',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        { cohort: '2032-01', students: 2, months: [2, 1, 1] },
        { cohort: '2032-02', students: 1, months: [1, 0] },
        { cohort: '2032-03', students: 0, months: [0] },
      ]);
    });

    it('cohorts as CSV, a column per month', async () => {
      const res = await t
        .http()
        .get('/api/v1/admin/analytics/cohorts')
        .query({ from: '2032-01-01', to: '2032-04-01' })
        .set(admin.auth)
        .set('accept', 'text/csv, */*;q=0.5');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.text).toBe(
        'cohort,students,month_0,month_1,month_2\r\n2032-01,2,2,1,1\r\n2032-02,1,1,0,\r\n2032-03,0,0,,\r\n',
      );
    });

    it('cohorts are calendar months: 400 for a bound not on the first of one', async () => {
      const res = await get('/admin/analytics/cohorts', admin, {
        from: '2032-01-15',
        to: '2032-04-01',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'from', message: expect.stringContaining('first day of a month') },
      ]);
    });

    it('repeat-booking rate: students with a second paid booking with the same tutor', async () => {
      const res = await get('/admin/analytics/repeat-bookings', admin, {
        from: '2032-06-01',
        to: '2032-07-01',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        period: { from: '2032-06-01T00:00:00.000Z', to: '2032-07-01T00:00:00.000Z' },
        students: 4,
        repeatStudents: 1,
        rate: 0.25,
      });
      const wider = await get('/admin/analytics/repeat-bookings', admin, {
        from: '2032-05-01',
        to: '2032-07-01',
      });
      expect(wider.body).toMatchObject({ students: 4, repeatStudents: 2, rate: 0.5 });
      const empty = await get('/admin/analytics/repeat-bookings', admin, {
        from: '2033-01-01',
        to: '2033-02-01',
      });
      expect(empty.body).toMatchObject({ students: 0, repeatStudents: 0, rate: null });
    });
  });
});
