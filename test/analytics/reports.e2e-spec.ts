import { randomUUID } from 'node:crypto';
import { Clock, ControllableClock, JobQueue } from '@etutors/platform';
import {
  GenerateReport,
  ReportGenerationJob,
} from '../../libs/analytics/src/application/report-generation.job.js';
import {
  REQUEUE_QUEUED_REPORTS_AFTER_MS,
  ReportsService,
} from '../../libs/analytics/src/application/reports.service.js';
import { ReportRepository } from '../../libs/analytics/src/infrastructure/report.repository.js';
import { ReportRowsReader } from '../../libs/analytics/src/infrastructure/report-rows.reader.js';
import { marketplace } from '../billing/support/marketplace.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { analyticsCaughtUp } from './support.js';

interface ReportBody {
  id: string;
  type: string;
  from: string;
  to: string;
  status: string;
  progress: number;
  rows: number | null;
  error: string | null;
  requestedBy: string | null;
  scheduledFor: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Tutors in id order, so the tutors report's order is known. */
const TUTOR_A = '0190a0c0-0000-7000-8000-00000000000a';
const TUTOR_B = '0190a0c0-0000-7000-8000-00000000000b';

/** One row of analytics.daily_tutor_stats, as the projections keep them. */
interface DailyStats {
  day: string;
  tutorId: string;
  currency: string;
  created?: number;
  confirmed?: number;
  cancelled?: number;
  completed?: number;
  gross?: number;
  fees?: number;
  refunds?: number;
  feesReversed?: number;
}

describe('reports: CSV exports of the daily aggregates, written by a queued job', () => {
  let t: TestApp;
  let admin: Actor;
  const clock = new ControllableClock();

  beforeAll(async () => {
    t = await startTestApp({
      env: WITH_ADMIN,
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    admin = await given(t).admin();
    await stats([
      // January: two currencies on one day, a refund on another.
      {
        day: '2031-01-05',
        tutorId: TUTOR_A,
        currency: 'EUR',
        created: 2,
        confirmed: 2,
        gross: 8000,
        fees: 1200,
      },
      {
        day: '2031-01-05',
        tutorId: TUTOR_B,
        currency: 'EUR',
        created: 1,
        confirmed: 1,
        gross: 5000,
        fees: 750,
      },
      {
        day: '2031-01-05',
        tutorId: TUTOR_B,
        currency: 'USD',
        created: 1,
        confirmed: 1,
        gross: 6000,
        fees: 900,
      },
      {
        day: '2031-01-06',
        tutorId: TUTOR_A,
        currency: 'EUR',
        cancelled: 1,
        refunds: 4000,
        feesReversed: 600,
      },
      { day: '2031-01-07', tutorId: TUTOR_A, currency: 'EUR', completed: 1 },
      // February: counts alone (no money moved).
      { day: '2031-02-14', tutorId: TUTOR_B, currency: 'USD', created: 3, completed: 1 },
      // March: a refund larger than the day's takings.
      {
        day: '2031-03-02',
        tutorId: TUTOR_B,
        currency: 'USD',
        gross: 1000,
        fees: 150,
        refunds: 6000,
        feesReversed: 900,
      },
      {
        day: '2031-03-09',
        tutorId: TUTOR_A,
        currency: 'EUR',
        created: 1,
        confirmed: 1,
        gross: 4500,
        fees: 675,
      },
      // Outside every period asked for below.
      { day: '2031-04-01', tutorId: TUTOR_A, currency: 'EUR', gross: 99999, fees: 1 },
    ]);
  });
  afterAll(() => t.close());
  afterEach(() => {
    jest.restoreAllMocks();
    clock.set(new Date());
  });

  async function stats(rows: DailyStats[]): Promise<void> {
    for (const row of rows) {
      await t.dataSource.query(
        `INSERT INTO analytics.daily_tutor_stats
           (day, tutor_id, currency, bookings_created, bookings_confirmed, bookings_cancelled,
            lessons_completed, gross, platform_fees, refunds, fees_reversed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          row.day,
          row.tutorId,
          row.currency,
          row.created ?? 0,
          row.confirmed ?? 0,
          row.cancelled ?? 0,
          row.completed ?? 0,
          row.gross ?? 0,
          row.fees ?? 0,
          row.refunds ?? 0,
          row.feesReversed ?? 0,
        ],
      );
    }
  }

  const ask = (body: Record<string, unknown>, who: Actor = admin) =>
    t.http().post('/api/v1/admin/reports').set(who.auth).send(body);

  const status = async (id: string): Promise<ReportBody> => {
    const res = await t.http().get(`/api/v1/admin/reports/${id}`).set(admin.auth);
    expect(res.status).toBe(200);
    return res.body as ReportBody;
  };

  const finished = (id: string) =>
    eventually(async () => {
      const report = await status(id);
      return report.status === 'done' || report.status === 'failed' ? report : null;
    });

  const download = (id: string, who: Actor = admin) =>
    t.http().get(`/api/v1/admin/reports/${id}/download`).set(who.auth).buffer(true);

  const readyEvents = async (reportId: string) =>
    (await t.dataSource.query(
      `SELECT payload FROM platform.outbox
        WHERE type = 'analytics.report.ready' AND payload->>'reportId' = $1`,
      [reportId],
    )) as { payload: Record<string, unknown> }[];

  const csv = (...lines: string[]) => lines.map((line) => `${line}\r\n`).join('');

  it('queues a revenue report, writes it piece by piece and serves the exact CSV', async () => {
    // What each progress step shows whoever polls the report at that moment.
    const repository = t.get(ReportRepository);
    const record = repository.recordProgress.bind(repository);
    const seen: { status: string; progress: number }[] = [];
    jest.spyOn(repository, 'recordProgress').mockImplementation(async (id, progress) => {
      await record(id, progress);
      const [row] = (await t.dataSource.query(
        `SELECT status, progress FROM analytics.reports WHERE id = $1`,
        [id],
      )) as { status: string; progress: number }[];
      seen.push(row!);
    });

    const asked = await ask({ type: 'revenue', from: '2031-01-01', to: '2031-04-01T00:00:00Z' });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ id: expect.any(String), status: 'queued' });
    const id = asked.body.id as string;

    const report = await finished(id);
    // 90 days read 31 at a time: three pieces, progress after the first two, 100 when done.
    expect(seen).toEqual([
      { status: 'running', progress: 33 },
      { status: 'running', progress: 66 },
    ]);
    expect(report).toEqual({
      id,
      type: 'revenue',
      from: '2031-01-01T00:00:00.000Z',
      to: '2031-04-01T00:00:00.000Z',
      status: 'done',
      progress: 100,
      rows: 5,
      error: null,
      requestedBy: admin.id,
      scheduledFor: null,
      createdAt: expect.any(String),
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(Date.parse(report.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(report.startedAt!));

    const file = await download(id);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe(
      'attachment; filename="revenue-report-2031-01-01-to-2031-04-01.csv"',
    );
    expect(file.text).toBe(
      csv(
        'day,currency,gross,platform_fees,refunds,net',
        '2031-01-05,EUR,13000,1950,0,13000',
        '2031-01-05,USD,6000,900,0,6000',
        '2031-01-06,EUR,0,-600,4000,-4000',
        '2031-03-02,USD,1000,-750,6000,-5000',
        '2031-03-09,EUR,4500,675,0,4500',
      ),
    );
    expect(await readyEvents(id)).toEqual([
      {
        payload: {
          reportId: id,
          type: 'revenue',
          requestedBy: admin.id,
          from: '2031-01-01T00:00:00.000Z',
          to: '2031-04-01T00:00:00.000Z',
          rows: 5,
        },
      },
    ]);
  });

  it('reports what real bookings and payments put in the aggregates', async () => {
    // The clock stands still, so every event of the flow falls on this one UTC day.
    const today = clock.now().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    const market = await marketplace(t);
    // 4000 USD an hour, 15 % fee: an hour and an hour and a half.
    await market.paidBooking({ minutes: 60 });
    await market.paidBooking({ minutes: 90 });
    await analyticsCaughtUp(t);

    const revenue = await ask({ type: 'revenue', from: today, to: tomorrow });
    const tutors = await ask({ type: 'tutors', from: today, to: tomorrow });
    expect(await finished(revenue.body.id)).toMatchObject({ status: 'done', rows: 1 });
    expect(await finished(tutors.body.id)).toMatchObject({ status: 'done', rows: 1 });
    expect((await download(revenue.body.id)).text).toBe(
      csv('day,currency,gross,platform_fees,refunds,net', `${today},USD,10000,1500,0,10000`),
    );
    expect((await download(tutors.body.id)).text).toBe(
      csv(
        'tutor_id,currency,bookings,lessons,cancellations,gross,platform_fees,refunds,net',
        `${market.tutor.id},USD,2,0,0,10000,1500,0,8500`,
      ),
    );
  });

  it('writes the bookings report with every day of the period, zeros included', async () => {
    const asked = await ask({ type: 'bookings', from: '2031-01-04', to: '2031-01-08' });
    expect(asked.status).toBe(202);
    expect(await finished(asked.body.id)).toMatchObject({ status: 'done', rows: 4 });
    const file = await download(asked.body.id);
    expect(file.status).toBe(200);
    expect(file.text).toBe(
      csv(
        'day,created,confirmed,cancelled,completed',
        '2031-01-04,0,0,0,0',
        '2031-01-05,4,4,0,0',
        '2031-01-06,0,0,1,0',
        '2031-01-07,0,0,0,1',
      ),
    );
  });

  it('writes the tutors report per tutor and currency, never adding currencies up', async () => {
    const asked = await ask({ type: 'tutors', from: '2031-01-01', to: '2031-03-01' });
    expect(asked.status).toBe(202);
    expect(await finished(asked.body.id)).toMatchObject({ status: 'done', rows: 3 });
    const file = await download(asked.body.id);
    expect(file.text).toBe(
      csv(
        'tutor_id,currency,bookings,lessons,cancellations,gross,platform_fees,refunds,net',
        `${TUTOR_A},EUR,2,1,1,8000,600,4000,3400`,
        `${TUTOR_B},EUR,1,0,0,5000,750,0,4250`,
        `${TUTOR_B},USD,4,1,0,6000,900,0,5100`,
      ),
    );
  });

  it('tells the admin who asked that the report is ready', async () => {
    const asked = await ask({ type: 'bookings', from: '2031-02-14', to: '2031-02-15' });
    await finished(asked.body.id);
    const notification = await eventually(async () => {
      const res = await t
        .http()
        .get('/api/v1/notifications')
        .query({ limit: '100' })
        .set(admin.auth);
      return (res.body.data as { type: string; data: Record<string, unknown> }[]).find(
        (n) => n.type === 'report_ready' && n.data.reportId === asked.body.id,
      );
    });
    expect(notification).toMatchObject({
      type: 'report_ready',
      title: 'Your report is ready',
      body: 'The bookings report for 2031-02-14 (UTC days) is ready to download: 1 row.',
      data: {
        reportId: asked.body.id,
        reportType: 'bookings',
        from: '2031-02-14T00:00:00.000Z',
        to: '2031-02-15T00:00:00.000Z',
        firstDay: '2031-02-14',
        lastDay: '2031-02-14',
        rows: 1,
      },
      readAt: null,
    });
  });

  it('answers 409 report.not_ready to a download before the report is done', async () => {
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO analytics.reports (id, type, period_from, period_to, status, requested_by, created_at)
       VALUES ($1, 'revenue', '2031-01-01', '2031-01-02', 'queued', $2, now())`,
      [id, admin.id],
    );
    expect(await status(id)).toMatchObject({ status: 'queued', progress: 0, rows: null });
    const queued = await download(id);
    expect(queued.status).toBe(409);
    expect(queued.body).toMatchObject({ code: 'report.not_ready', reportStatus: 'queued' });

    await t.dataSource.query(
      `UPDATE analytics.reports SET status = 'running', progress = 40, started_at = now() WHERE id = $1`,
      [id],
    );
    expect(await status(id)).toMatchObject({ status: 'running', progress: 40 });
    const running = await download(id);
    expect(running.status).toBe(409);
    expect(running.body).toMatchObject({ code: 'report.not_ready', reportStatus: 'running' });
  });

  it('marks a report failed, with the error, when its last attempt fails', async () => {
    jest
      .spyOn(t.get(ReportRowsReader), 'revenue')
      .mockRejectedValue(new Error('aggregates unavailable'));
    const asked = await ask({ type: 'revenue', from: '2031-01-01', to: '2031-01-02' });
    const report = await finished(asked.body.id);
    expect(report).toMatchObject({
      status: 'failed',
      error: 'aggregates unavailable',
      rows: null,
      finishedAt: expect.any(String),
    });
    const file = await download(asked.body.id);
    expect(file.status).toBe(409);
    expect(file.body).toMatchObject({ code: 'report.not_ready', reportStatus: 'failed' });
    expect(await readyEvents(asked.body.id)).toEqual([]);
  });

  it('answers 202 when the job cannot be enqueued, and the sweep queues it a few minutes on', async () => {
    const jobs = t.get(JobQueue);
    const enqueue = jobs.enqueue.bind(jobs);
    const attempts: string[] = [];
    jest.spyOn(jobs, 'enqueue').mockImplementation(async (job, payload, options) => {
      if (job !== GenerateReport) return enqueue(job, payload, options);
      attempts.push((payload as { reportId: string }).reportId);
      if (attempts.length === 1) throw new Error('Redis unreachable');
      return enqueue(job, payload, options);
    });
    const askedAt = new Date();
    clock.set(askedAt);

    const asked = await ask({ type: 'revenue', from: '2031-01-05', to: '2031-01-07' });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ id: expect.any(String), status: 'queued' });
    const id = asked.body.id as string;
    expect(attempts).toEqual([id]);
    expect(await status(id)).toMatchObject({ status: 'queued', progress: 0, startedAt: null });

    // Not yet: a report that has just been asked for is left to the job it should have.
    const sweep = async (msAfter: number) => {
      clock.set(new Date(askedAt.getTime() + msAfter));
      const requeued = await t.get(ReportsService).requeueQueuedReports();
      return requeued.map((report) => report.id);
    };
    expect(await sweep(REQUEUE_QUEUED_REPORTS_AFTER_MS - 1000)).not.toContain(id);
    expect(attempts).toEqual([id]);

    expect(await sweep(REQUEUE_QUEUED_REPORTS_AFTER_MS)).toContain(id);
    expect(attempts).toEqual([id, id]);
    expect(await finished(id)).toMatchObject({ status: 'done', rows: 3, requestedBy: admin.id });
    expect((await download(id)).text).toBe(
      csv(
        'day,currency,gross,platform_fees,refunds,net',
        '2031-01-05,EUR,13000,1950,0,13000',
        '2031-01-05,USD,6000,900,0,6000',
        '2031-01-06,EUR,0,-600,4000,-4000',
      ),
    );
    // Done, it is no longer swept.
    expect(await sweep(2 * REQUEUE_QUEUED_REPORTS_AFTER_MS)).not.toContain(id);
  });

  it('makes the previous UTC day’s revenue report once, however many instances fire the schedule', async () => {
    const other = await startTestApp({
      role: 'worker',
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    try {
      // Every instance's 02:00 UTC schedule fires at once, one of them twice. (The clock goes
      // back at once: the admin's token would have expired by then.)
      const nightly = async (instance: TestApp) => {
        clock.set(new Date('2031-03-10T02:00:00.250Z'));
        try {
          return await instance.get(ReportsService).scheduleNightlyRevenueReport();
        } finally {
          clock.set(new Date());
        }
      };
      const fired = await Promise.all([nightly(t), nightly(other), nightly(t)]);
      expect(new Set(fired.map((report) => report.id)).size).toBe(1);
      const id = fired[0]!.id;
      const rows = (await t.dataSource.query(
        `SELECT id FROM analytics.reports WHERE scheduled_for IS NOT NULL`,
      )) as { id: string }[];
      expect(rows).toEqual([{ id }]);

      const report = await finished(id);
      expect(report).toMatchObject({
        type: 'revenue',
        from: '2031-03-09T00:00:00.000Z',
        to: '2031-03-10T00:00:00.000Z',
        status: 'done',
        rows: 1,
        requestedBy: null,
        scheduledFor: '2031-03-09',
      });
      expect((await download(id)).text).toBe(
        csv('day,currency,gross,platform_fees,refunds,net', '2031-03-09,EUR,4500,675,0,4500'),
      );
      // A late instance the same night finds it done and queues nothing.
      const late = await nightly(other);
      expect(late).toMatchObject({ id, status: 'done' });
      expect(await readyEvents(id)).toEqual([
        { payload: expect.objectContaining({ reportId: id, requestedBy: null, rows: 1 }) },
      ]);
    } finally {
      await other.close();
    }
  });

  it('leaves a done report as it is when its job runs again', async () => {
    const asked = await ask({ type: 'revenue', from: '2031-01-05', to: '2031-01-06' });
    const done = await finished(asked.body.id);
    const before = (await t.dataSource.query(
      `SELECT content, rows, progress, finished_at FROM analytics.reports WHERE id = $1`,
      [asked.body.id],
    )) as unknown[];
    // New aggregates since would change the content, were it written again.
    await stats([{ day: '2031-01-05', tutorId: TUTOR_B, currency: 'GBP', gross: 700, fees: 105 }]);

    const rerun = await t.get(ReportGenerationJob).generate({ reportId: asked.body.id });
    expect(rerun).toBe('finished before');
    expect(
      await t.dataSource.query(
        `SELECT content, rows, progress, finished_at FROM analytics.reports WHERE id = $1`,
        [asked.body.id],
      ),
    ).toEqual(before);
    expect(await status(asked.body.id)).toEqual(done);
    expect(await readyEvents(asked.body.id)).toHaveLength(1);
    await t.dataSource.query(
      `DELETE FROM analytics.daily_tutor_stats WHERE day = '2031-01-05' AND currency = 'GBP'`,
    );
  });

  it('lists reports newest first', async () => {
    const res = await t.http().get('/api/v1/admin/reports').query({ limit: '2' }).set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({ page: 1, limit: 2, total: expect.any(Number) });
    expect(res.body.meta.total).toBeGreaterThanOrEqual(2);
    const [newest, next] = res.body.data as ReportBody[];
    expect(Date.parse(newest!.createdAt)).toBeGreaterThanOrEqual(Date.parse(next!.createdAt));
  });

  it('refuses a bad request with the fields at fault', async () => {
    const fields = async (body: Record<string, unknown>) => {
      const res = await ask(body);
      expect(res.status).toBe(400);
      return (res.body.errors as { field: string }[]).map((error) => error.field).sort();
    };
    expect(await fields({})).toEqual(['from', 'to', 'type']);
    expect(await fields({ type: 'profits', from: '2031-01-01', to: '2031-01-02' })).toEqual([
      'type',
    ]);
    expect(await fields({ type: 'revenue', from: '2031-02-30', to: '2031-03-02' })).toEqual([
      'from',
    ]);
    // Not a UTC midnight: the aggregates are whole UTC days.
    expect(
      await fields({ type: 'revenue', from: '2031-01-01T00:00:00+01:00', to: '2031-01-02' }),
    ).toEqual(['from']);
    expect(await fields({ type: 'revenue', from: '2031-01-02', to: '2031-01-02' })).toEqual(['to']);
    expect(await fields({ type: 'revenue', from: '2031-01-03', to: '2031-01-02' })).toEqual(['to']);
    // A year and a day is one day too many.
    expect(await fields({ type: 'revenue', from: '2031-01-01', to: '2032-01-03' })).toEqual(['to']);
    expect((await ask({ type: 'revenue', from: '2031-01-01', to: '2032-01-02' })).status).toBe(202);
    expect(
      await fields({ type: 'revenue', from: '2031-01-01', to: '2031-01-02', extra: 1 }),
    ).toEqual(['extra']);
  });

  it('answers 404 for an unknown report and 400 for a malformed id', async () => {
    const unknown = randomUUID();
    for (const path of [unknown, `${unknown}/download`]) {
      const res = await t.http().get(`/api/v1/admin/reports/${path}`).set(admin.auth);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('report.not_found');
    }
    const bad = await t.http().get('/api/v1/admin/reports/not-an-id').set(admin.auth);
    expect(bad.status).toBe(400);
  });

  it('answers 401 without a token and 403 to students and tutors on every route', async () => {
    const student = await given(t).student();
    const tutor = await given(t).tutor();
    const id = randomUUID();
    const routes: ['get' | 'post', string][] = [
      ['post', '/api/v1/admin/reports'],
      ['get', '/api/v1/admin/reports'],
      ['get', `/api/v1/admin/reports/${id}`],
      ['get', `/api/v1/admin/reports/${id}/download`],
    ];
    const body = { type: 'revenue', from: '2031-01-01', to: '2031-01-02' };
    for (const [method, path] of routes) {
      expect((await t.http()[method](path).send(body)).status).toBe(401);
      for (const who of [student, tutor]) {
        expect((await t.http()[method](path).set(who.auth).send(body)).status).toBe(403);
      }
    }
  });
});
