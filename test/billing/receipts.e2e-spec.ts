import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { ReceiptsJob } from '../../libs/billing/src/application/receipts.job.js';
import { ReceiptsService } from '../../libs/billing/src/application/receipts.service.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { book, openAllWeek, startAt } from '../scheduling/support.js';
import { binary, pdfText } from './support/pdf.js';

const unique = () => randomBytes(4).toString('hex');

/** `when` as a reader in `timeZone` sees it: `Tuesday, 3 March 2026, 19:00`. */
function wallClock(when: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(when)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

describe('receipts: a PDF per succeeded payment, numbered without gaps per year', () => {
  let t: TestApp;
  let admin: Actor;
  let tutor: Actor;
  let subject: { id: string; name: string };
  // Beyond ASCII, within what the built-in PDF font encodes.
  const tutorName = `Björn Keller ${unique()}`;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    t = await startTestApp({ env: { ...WITH_ADMIN, PLATFORM_FEE_BPS: '1500' } });
    admin = await given(t).admin();
    subject = await given(t).subject(admin, `chemistry-${unique()}`, 'Organic Chemistry');
    tutor = await given(t).approvedTutor(admin, {
      subjectIds: [subject.id],
      rate: 4000,
      currency: 'USD',
      displayName: tutorName,
      timezone: 'Europe/Berlin',
    });
    await openAllWeek(t, tutor);
  });
  afterAll(() => t.close());

  /** A student who lives in `timezone` (receipts show the lesson in it). */
  async function student(timezone = 'UTC', displayName = `Student ${unique()}`): Promise<Actor> {
    const email = `student-${unique()}@etutors.test`;
    const password = `pw-${unique()}-${unique()}-long`;
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password, displayName, role: 'student', timezone });
    expect(res.status).toBe(201);
    return {
      id: res.body.user.id,
      email,
      password,
      displayName,
      token: res.body.accessToken,
      auth: { authorization: `Bearer ${res.body.accessToken}` },
    };
  }

  let day = 2;
  /** A 90-minute booking at 10:00 UTC (price 6000, fee 900) with a payment awaiting confirmation. */
  async function openPayment(payer: Actor) {
    const startsAt = startAt(day++, 10);
    const booked = await book(t, payer, tutor, subject.id, startsAt, 90);
    expect(booked.status).toBe(201);
    const payment = await t
      .http()
      .post('/api/v1/payments')
      .set(payer.auth)
      .set('idempotency-key', randomUUID())
      .send({ bookingId: booked.body.id });
    expect(payment.status).toBe(201);
    return { paymentId: payment.body.id as string, startsAt: new Date(startsAt) };
  }
  async function confirm(payer: Actor, paymentId: string) {
    const res = await t
      .http()
      .post(`/api/v1/payments/${paymentId}/confirm`)
      .set(payer.auth)
      .set('idempotency-key', randomUUID())
      .send({ paymentMethod: 'pm_card_visa' });
    expect(res.body.status).toBe('succeeded');
  }

  const receiptUrl = (paymentId: string) => `/api/v1/payments/${paymentId}/receipt`;
  const askForReceipt = (viewer: Actor, paymentId: string) =>
    t.http().get(receiptUrl(paymentId)).set(viewer.auth);
  const downloadReceipt = (viewer: Actor, paymentId: string) =>
    t
      .http()
      .get(receiptUrl(paymentId))
      .set(viewer.auth)
      .buffer(true)
      .parse(binary) as unknown as Promise<Response & { body: Buffer }>;
  /** Waits until the receipt job has stored the receipt: the payer's download answers 200. */
  const receiptIssued = (payer: Actor, paymentId: string) =>
    eventually(async () => (await askForReceipt(payer, paymentId)).status === 200, 20_000);

  const receiptRows = async () =>
    (await t.dataSource.query(
      `SELECT payment_id AS "paymentId", number, year, sequence, md5(pdf) AS "pdfHash", rendered_at AS "renderedAt"
         FROM billing.receipts ORDER BY year, sequence`,
    )) as {
      paymentId: string;
      number: string;
      year: number;
      sequence: number;
      pdfHash: string | null;
      renderedAt: Date | null;
    }[];
  const counterOf = async (y: number) =>
    (
      (await t.dataSource.query(
        `SELECT last_sequence AS "lastSequence" FROM billing.receipt_counters WHERE year = $1`,
        [y],
      )) as { lastSequence: number }[]
    )[0]?.lastSequence ?? 0;

  let tokyoPayment: { paymentId: string; payer: Actor };

  it('renders the payer’s receipt once the payment succeeds, with the lesson in the student’s zone', async () => {
    const aiko = await student('Asia/Tokyo', `Aiko Tanaka ${unique()}`);
    const { paymentId, startsAt } = await openPayment(aiko);

    const before = await askForReceipt(aiko, paymentId);
    expect(before.status).toBe(404);
    expect(before.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(before.body.code).toBe('receipt.not_found');

    await confirm(aiko, paymentId);
    await receiptIssued(aiko, paymentId);
    const res = await downloadReceipt(aiko, paymentId);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const [row] = (await receiptRows()).filter((receipt) => receipt.paymentId === paymentId);
    expect(row!.number).toMatch(new RegExp(`^${year}-\\d{6}$`));
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="receipt-${row!.number}.pdf"`,
    );
    expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const text = await pdfText(res.body);
    const endsAt = new Date(startsAt.getTime() + 90 * 60_000);
    const lesson = `${wallClock(startsAt, 'Asia/Tokyo')}–${wallClock(endsAt, 'Asia/Tokyo').slice(-5)} Asia/Tokyo (UTC+09:00)`;
    expect(lesson).toContain('19:00–20:30');
    for (const fact of [
      'E-Tutors',
      `Receipt number ${row!.number}`,
      `Student ${aiko.displayName}`,
      `Tutor ${tutorName}`,
      'Subject Organic Chemistry',
      `Lesson ${lesson}`,
      'Amount paid 60.00 USD',
      'Platform fee (included) 9.00 USD',
      'Currency USD',
      `Payment ${paymentId}`,
    ]) {
      expect(text).toContain(fact);
    }
    tokyoPayment = { paymentId, payer: aiko };
  });

  it('shows the receipt to an admin, and to nobody else (not even the tutor)', async () => {
    const { paymentId, payer } = tokyoPayment;
    const own = await downloadReceipt(payer, paymentId);
    const asAdmin = await downloadReceipt(admin, paymentId);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.equals(own.body)).toBe(true);

    for (const outsider of [await student(), tutor]) {
      const res = await askForReceipt(outsider, paymentId);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('payment.not_found');
    }
    const unknown = await askForReceipt(payer, randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('payment.not_found');
    const malformed = await askForReceipt(payer, 'not-a-uuid');
    expect(malformed.status).toBe(400);
  });

  it('gives ten payments issued at once (jobs and direct calls racing) consecutive numbers, no gaps', async () => {
    const payments: string[] = [];
    for (let i = 0; i < 10; i++) {
      const payer = await student();
      const { paymentId } = await openPayment(payer);
      await confirm(payer, paymentId);
      payments.push(paymentId);
    }
    // Every payment is issued twice more while its own job (enqueued by the event) may be
    // running too: numbers are contended for, and some attempts find their receipt taken.
    const service = t.get(ReceiptsService);
    const issued = await Promise.all([...payments, ...payments].map((id) => service.issue(id)));
    const numberOf = new Map<string, string>();
    for (const [index, result] of issued.entries()) {
      if ('notIssuable' in result) throw new Error(result.notIssuable);
      const id = payments[index % payments.length]!;
      expect(result.paymentId).toBe(id);
      if (numberOf.has(id)) expect(result.number).toBe(numberOf.get(id));
      numberOf.set(id, result.number);
    }

    const rows = (await receiptRows()).filter((row) => row.year === year);
    expect(rows.map((row) => row.sequence)).toEqual(rows.map((_, index) => index + 1));
    expect(new Set(rows.map((row) => row.number)).size).toBe(rows.length);
    expect(rows.map((row) => row.paymentId)).toEqual(expect.arrayContaining(payments));
    expect(rows.every((row) => row.pdfHash !== null)).toBe(true);
    expect(await counterOf(year)).toBe(rows.length);
  });

  it('a rerun of the job for a paid payment changes nothing: same number, same PDF, one row', async () => {
    const { paymentId } = tokyoPayment;
    const rowsBefore = await receiptRows();
    const counterBefore = await counterOf(year);
    const mine = rowsBefore.find((row) => row.paymentId === paymentId)!;

    await expect(t.get(ReceiptsJob).render({ paymentId })).resolves.toBe(mine.number);
    await expect(t.get(ReceiptsJob).render({ paymentId })).resolves.toBe(mine.number);

    expect(await receiptRows()).toEqual(rowsBefore);
    expect(await counterOf(year)).toBe(counterBefore);
  });

  it('issues nothing for a payment that has not succeeded, and uses up no number', async () => {
    const payer = await student();
    const { paymentId } = await openPayment(payer);
    const counterBefore = await counterOf(year);

    await expect(t.get(ReceiptsJob).render({ paymentId })).rejects.toMatchObject({
      name: 'SkipJob',
    });
    expect((await receiptRows()).some((row) => row.paymentId === paymentId)).toBe(false);
    expect(await counterOf(year)).toBe(counterBefore);
    expect((await askForReceipt(payer, paymentId)).body.code).toBe('receipt.not_found');
  });

  it('documents the route as a PDF download with its 404s', async () => {
    const document = (await t.http().get('/docs-json')).body;
    const operation = document.paths['/api/v1/payments/{id}/receipt'].get;
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.responses['200'].content['application/pdf'].schema).toEqual({
      type: 'string',
      format: 'binary',
    });
    expect(
      Object.keys(operation.responses['404'].content['application/problem+json'].examples),
    ).toEqual(expect.arrayContaining(['payment.not_found', 'receipt.not_found']));
  });
});
