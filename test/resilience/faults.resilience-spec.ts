import type { Response } from 'supertest';
import { given, type Actor } from '../support/given.js';
import type { TestApp } from '../support/test-app.js';
import { SwitchableProxy } from '../support/switchable-proxy.js';
import { Cluster, holdTable } from './support/cluster.js';
import {
  bookFirstFree,
  converse,
  invariants,
  market,
  pay,
  slotsWithinTheHour,
  until,
  type Market,
} from './support/marketplace-flow.js';

const PROBLEM = /application\/problem\+json/;

/** A booking, its payment and a conversation: events and jobs for every context. */
async function activity(t: TestApp, m: Market, tutor: Actor) {
  const student = await given(t).student();
  const booked = await bookFirstFree(t, m, student, tutor, slotsWithinTheHour());
  await converse(t, student, tutor);
  if (booked) await pay(t, booked);
  return { student, booked };
}

describe('faults: dying processes and lost connections', () => {
  // Every process reaches Redis through a relay the test can cut.
  const redis = new SwitchableProxy(new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
  let cluster: Cluster;
  let m: Market;

  beforeAll(async () => {
    await redis.start();
    cluster = new Cluster({ apis: 2, workers: 2, redisUrl: redis.url });
    await cluster.start();
    m = await market(cluster.client(), 4);
  }, 90_000);
  afterAll(async () => {
    await cluster.stop();
    await redis.stop();
  }, 30_000);

  /** A paid booking whose receipt job is held by a lock on the receipt numbers (it waits). */
  async function paymentWithHeldReceipt(t: TestApp) {
    const counters = await holdTable(cluster, 'billing.receipt_counters');
    const { booked } = await activity(t, m, m.tutors[0]);
    const [payment] = await cluster.query<{ id: string }>(
      `SELECT id FROM billing.payments WHERE booking_id = $1`,
      [booked!.bookingId],
    );
    await until(
      'the receipt job runs and waits',
      async () => (await counters.waiting()) > 0,
      15_000,
    );
    return { counters, paymentId: payment.id };
  }

  const receiptsOf = (paymentId: string) =>
    cluster.query<{ number: string; rendered: boolean }>(
      `SELECT number, rendered_at IS NOT NULL AS rendered FROM billing.receipts WHERE payment_id = $1`,
      [paymentId],
    );

  it('SIGTERM under load: in-flight requests and running jobs finish, exit 0, no error logged', async () => {
    const [api, other] = cluster.apis;
    const workers = [...cluster.workers];
    const t = cluster.clientOf(api);
    const student = await given(t).student();
    const receipt = await paymentWithHeldReceipt(cluster.clientOf(other));
    // Forty reads held in the API by a lock on the bookings: in flight when the signal comes.
    const bookings = await holdTable(cluster, 'scheduling.bookings', 'ACCESS EXCLUSIVE');
    const inFlight = Array.from({ length: 40 }, () =>
      Promise.resolve(t.http().get('/api/v1/bookings').set(student.auth) as unknown as Response),
    );
    await until('the reads wait in the API', async () => (await bookings.waiting()) >= 5, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    const exits = Promise.all([api, ...workers].map((app) => app.stop('SIGTERM')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([api, ...workers].map((app) => app.running)).toEqual([true, true, true]);
    await Promise.all([bookings.release(), receipt.counters.release()]);
    const codes = await exits;
    const stoppedInMs = Date.now() - started;
    const answers = await Promise.all(inFlight);

    expect(codes).toEqual([0, 0, 0]);
    expect(stoppedInMs).toBeLessThan(10_000);
    expect(answers.map((res) => res.status)).toEqual(Array(40).fill(200));
    expect(await receiptsOf(receipt.paymentId)).toEqual([
      { number: expect.any(String), rendered: true },
    ]);
    for (const app of [api, ...workers])
      expect({ [app.name]: app.problems() }).toEqual({ [app.name]: [] });
    // Whatever was left is done by a new worker, once each.
    await Promise.all([cluster.add('api'), cluster.add('worker')]);
    await until(
      'every event relayed and handled',
      async () => {
        const state = await invariants(cluster);
        return state.unpublished === 0 && state.missingInbox.length === 0;
      },
      30_000,
    );
    expect(await invariants(cluster)).toMatchObject({ doubleBookings: 0, duplicateInbox: 0 });
  });

  it('a worker killed in the middle of a job: after a restart the job completes within 60 s, once', async () => {
    const running = () => cluster.workers.filter((app) => app.running);
    const receipt = await paymentWithHeldReceipt(cluster.client());
    // Whichever worker holds the job dies with it (SIGKILL: no shutdown, no lock released).
    await Promise.all(running().map((app) => app.stop('SIGKILL')));
    await receipt.counters.release();
    const restarted = Date.now();
    await cluster.add('worker');
    await until(
      'the receipt rendered',
      async () => (await receiptsOf(receipt.paymentId)).some((r) => r.rendered),
      60_000,
      500,
    );
    const tookMs = Date.now() - restarted;
    console.log(`killed job completed ${tookMs} ms after the restart`);
    expect(tookMs).toBeLessThan(60_000);
    expect(await receiptsOf(receipt.paymentId)).toEqual([
      { number: expect.any(String), rendered: true },
    ]);
    await cluster.add('worker');
  });

  it('PostgreSQL connections terminated: requests in flight get a 503 problem, the pool recovers', async () => {
    const api = cluster.apis.find((app) => app.running)!;
    const t = cluster.clientOf(api);
    const student = await given(t).student();
    const reads = () =>
      Promise.all(
        Array.from(
          { length: 30 },
          () => t.http().get('/api/v1/bookings').set(student.auth) as unknown as Promise<Response>,
        ),
      );
    const during = reads();
    await new Promise((resolve) => setTimeout(resolve, 15));
    const [terminated] = await cluster.query<{ count: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS count FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const answers = await during;

    expect(terminated.count).toBeGreaterThan(0);
    const refused = answers.filter((res) => res.status !== 200).length;
    console.log(
      `${terminated.count} connections terminated; ${refused} of 30 reads in flight refused`,
    );
    for (const res of answers) {
      if (res.status === 200) continue;
      expect({
        status: res.status,
        type: res.headers['content-type'],
        code: res.body.code,
      }).toEqual({
        status: 503,
        type: expect.stringMatching(PROBLEM),
        code: 'service.unavailable',
      });
    }
    // The pool replaces the dead connections by itself: the next requests all succeed.
    await until(
      'the API answers again',
      async () => (await reads()).every((res) => res.status === 200),
      10_000,
    );
    const after = await reads();
    expect(after.map((res) => res.status)).toEqual(Array(30).fill(200));
    expect(cluster.processes.filter((app) => app.running)).toHaveLength(4);
    for (const app of cluster.processes.filter((p) => p.running))
      expect({ [app.name]: app.problems() }).toEqual({ [app.name]: [] });
  });

  it('Redis away for 30 s: 503 naming redis, reads served, writes that need it refused, all delivered after, no error logged', async () => {
    const apis = cluster.apis.filter((app) => app.running);
    const pids = cluster.processes.filter((app) => app.running).map((app) => app.child.pid);
    const t = cluster.clientOf(apis[0]);
    const student = await given(t).student();
    const booker = await given(t).student();
    const conversation = await converse(t, student, m.tutors[1]);
    const down = Date.now();
    redis.down();

    for (const api of apis) {
      await until(
        `${api.name} reports redis down`,
        async () => (await fetch(`${api.url}/health/ready`)).status === 503,
        5_000,
      );
      const ready = await fetch(`${api.url}/health/ready`);
      expect(await ready.json()).toMatchObject({
        status: 503,
        code: 'service.unavailable',
        detail: 'Unavailable: redis',
        error: { redis: { status: 'down' } },
      });
    }
    // Reads do not need Redis.
    expect((await t.http().get('/api/v1/tutors')).status).toBe(200);
    expect((await t.http().get('/api/v1/bookings').set(student.auth)).status).toBe(200);
    // Rate limits fail open (messaging and sign-in stay available without their counters).
    const message = await t
      .http()
      .post(`/api/v1/conversations/${conversation}/messages`)
      .set(student.auth)
      .send({ body: 'Are you there?' });
    expect(message.status).toBe(201);
    // Starting a payout run enqueues its job: refused at once with a 503 problem, not a hang.
    const started = Date.now();
    const run = await t.http().post('/api/v1/admin/payouts/run').set(m.admin.auth);
    expect({ status: run.status, type: run.headers['content-type'], code: run.body.code }).toEqual({
      status: 503,
      type: expect.stringMatching(PROBLEM),
      code: 'service.unavailable',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    // A booking needs only PostgreSQL: its events wait in the outbox.
    const booked = await bookFirstFree(t, m, booker, m.tutors[3], slotsWithinTheHour());
    expect(booked).not.toBeNull();

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 30_000 - (Date.now() - down))));
    expect(cluster.processes.filter((app) => app.running).map((app) => app.child.pid)).toEqual(
      pids,
    );
    redis.up();
    const back = Date.now();

    await until(
      'every API ready again',
      async () =>
        (await Promise.all(apis.map((api) => fetch(`${api.url}/health/ready`)))).every(
          (res) => res.status === 200,
        ),
      15_000,
    );
    const readyInMs = Date.now() - back;
    await until(
      'every event relayed and handled',
      async () => {
        const state = await invariants(cluster);
        return state.unpublished === 0 && state.missingInbox.length === 0;
      },
      30_000,
    );
    console.log(
      `ready ${readyInMs} ms and every event handled ${Date.now() - back} ms after Redis returned`,
    );
    expect(await invariants(cluster)).toMatchObject({ doubleBookings: 0, duplicateInbox: 0 });
    const [requested] = await cluster.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM platform.inbox i JOIN platform.outbox o ON o.id = i.event_id
        WHERE o.aggregate_id = $1`,
      [booked!.bookingId],
    );
    expect(requested.count).toBeGreaterThan(0);
    const again = await t
      .http()
      .post(`/api/v1/conversations/${conversation}/messages`)
      .set(student.auth)
      .send({ body: 'Are you there?' });
    expect(again.status).toBe(201);
    for (const app of cluster.processes.filter((process) => process.running))
      expect({ [app.name]: app.problems().map((line) => line.msg) }).toEqual({ [app.name]: [] });
  });
});
