import { randomUUID } from 'node:crypto';
import { given, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { IdempotencyFixturesModule, ledger } from './support/idempotency-fixtures.js';

describe('Idempotency-Key on money-moving routes', () => {
  let t: TestApp;
  let student: Actor;
  let other: Actor;

  beforeAll(async () => {
    t = await startTestApp({ imports: [IdempotencyFixturesModule] });
    student = await given(t).student();
    other = await given(t).student();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    ledger.charges.length = 0;
    ledger.crashesLeft = 0;
    ledger.gate = null;
  });

  const charge = (actor: Actor, key: string | undefined, body: unknown) => {
    const req = t.http().post('/api/v1/test/charges').set(actor.auth);
    return key === undefined
      ? req.send(body as object)
      : req.set('idempotency-key', key).send(body as object);
  };
  const storedKeys = async (key: string) =>
    (await t.dataSource.query(`SELECT state FROM platform.idempotency_keys WHERE key = $1`, [
      key,
    ])) as {
      state: string;
    }[];

  it('refuses a money-moving request without a key, and runs nothing', async () => {
    const res = await charge(student, undefined, { amount: 100 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('idempotency.key_missing');
    expect(ledger.charges).toHaveLength(0);
  });

  it('refuses a key that is too long or not visible ASCII', async () => {
    for (const key of ['x'.repeat(256), 'with space', 'tab\tkey']) {
      const res = await charge(student, key, { amount: 100 });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('idempotency.key_invalid');
    }
    expect(ledger.charges).toHaveLength(0);
  });

  it('replays the first response byte for byte for the same key and body', async () => {
    const key = randomUUID();
    const first = await charge(student, key, { amount: 100 });
    expect(first.status).toBe(201);
    const again = await charge(student, key, { amount: 100 });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(ledger.charges).toHaveLength(1);
  });

  it('treats bodies that differ only in formatting as the same request', async () => {
    const key = randomUUID();
    const first = await t
      .http()
      .post('/api/v1/test/charges')
      .set(student.auth)
      .set('idempotency-key', key)
      .set('content-type', 'application/json')
      .send('{"amount":5}');
    const again = await t
      .http()
      .post('/api/v1/test/charges')
      .set(student.auth)
      .set('idempotency-key', key)
      .set('content-type', 'application/json')
      .send('{ "amount" : 5 }');
    expect(again.text).toBe(first.text);
    expect(ledger.charges).toHaveLength(1);
  });

  it('refuses the same key with a different body (422 idempotency.key_reused) and runs nothing more', async () => {
    const key = randomUUID();
    expect((await charge(student, key, { amount: 100 })).status).toBe(201);
    const res = await charge(student, key, { amount: 200 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('idempotency.key_reused');
    expect(ledger.charges).toEqual([{ userId: student.id, amount: 100 }]);
  });

  it('scopes a key to the caller: another user with the same key gets their own charge', async () => {
    const key = randomUUID();
    expect((await charge(student, key, { amount: 100 })).status).toBe(201);
    expect((await charge(other, key, { amount: 100 })).status).toBe(201);
    expect(ledger.charges.map((c) => c.userId).sort()).toEqual([student.id, other.id].sort());
  });

  it('scopes a key to the route, and tells two paths of one route apart', async () => {
    const key = randomUUID();
    const a = randomUUID();
    const b = randomUUID();
    const refund = (id: string) =>
      t
        .http()
        .post(`/api/v1/test/charges/${id}/refunds`)
        .set(student.auth)
        .set('idempotency-key', key)
        .send({ amount: 7 });
    expect((await charge(student, key, { amount: 7 })).status).toBe(201);
    expect((await refund(a)).status).toBe(200);
    const otherPath = await refund(b);
    expect(otherPath.status).toBe(422);
    expect(otherPath.body.code).toBe('idempotency.key_reused');
    expect(ledger.charges).toHaveLength(2);
  });

  it('answers 409 idempotency.in_flight to a duplicate that arrives while the first still runs', async () => {
    const key = randomUUID();
    let open!: () => void;
    ledger.gate = new Promise<void>((resolve) => (open = resolve));
    const first = charge(student, key, { amount: 100 }).then((res) => res);
    // The first request holds its claim once its row exists.
    await eventually(async () => (await storedKeys(key)).length === 1);
    expect(await storedKeys(key)).toEqual([{ state: 'in_flight' }]);
    const duplicate = await charge(student, key, { amount: 100 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('idempotency.in_flight');
    open();
    const done = await first;
    expect(done.status).toBe(201);
    expect(await storedKeys(key)).toEqual([{ state: 'completed' }]);
    expect(ledger.charges).toHaveLength(1);
  });

  it('runs exactly once under 20 concurrent identical requests; the others are told to wait or get the replay', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => charge(student, key, { amount: 100 })),
    );
    expect(ledger.charges).toHaveLength(1);
    const created = answers.filter((res) => res.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((res) => res.text)).size).toBe(1);
    for (const res of answers.filter((r) => r.status !== 201)) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('idempotency.in_flight');
    }
  });

  it('lets a request that failed with a 5xx be retried with the same key', async () => {
    const key = randomUUID();
    ledger.crashesLeft = 1;
    const failed = await charge(student, key, { amount: 100 });
    expect(failed.status).toBe(500);
    expect(await storedKeys(key)).toEqual([]);
    const retried = await charge(student, key, { amount: 100 });
    expect(retried.status).toBe(201);
    expect(ledger.charges).toHaveLength(1);
  });

  it('replays a domain refusal as it was first given, without running again', async () => {
    const key = randomUUID();
    const first = await charge(student, key, { amount: 13 });
    expect(first.status).toBe(409);
    expect(first.body.code).toBe('charge.refused');
    const again = await charge(student, key, { amount: 13 });
    expect(again.status).toBe(409);
    expect(again.text).toBe(first.text);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('does not keep a request that failed validation: the key can be used once the body is right', async () => {
    const key = randomUUID();
    const invalid = await charge(student, key, { amount: 'lots' });
    expect(invalid.status).toBe(400);
    expect(await storedKeys(key)).toEqual([]);
    expect((await charge(student, key, { amount: 100 })).status).toBe(201);
  });

  it('claims a key afresh once its 24 hours are over', async () => {
    const key = randomUUID();
    expect((await charge(student, key, { amount: 100 })).status).toBe(201);
    await t.dataSource.query(
      `UPDATE platform.idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [key],
    );
    const res = await charge(student, key, { amount: 300 });
    expect(res.status).toBe(201);
    expect(ledger.charges.map((c) => c.amount)).toEqual([100, 300]);
  });
});
