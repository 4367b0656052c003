import { Clock, ControllableClock, MINUTE_MS } from '@etutors/platform';
import { DataKeyRotation } from '../../libs/billing/src/application/data-key-rotation.js';
import { PayoutDestinations } from '../../libs/billing/src/domain/payout-destinations.js';
import { dataKeyId } from '../../libs/billing/src/infrastructure/data-cipher.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const key = (fill: number) => Buffer.alloc(32, fill);
const KEY_A = key(0xa1);
const KEY_B = key(0xb2);
const KEY_UNKNOWN = key(0xc3);
const base64 = (k: Buffer) => k.toString('base64');

const GERMAN = { written: 'de89 3704 0044 0532 0130 00', iban: 'DE89370400440532013000' };
const BRITISH = { written: 'GB82 WEST 1234 5698 7654 32', iban: 'GB82WEST12345698765432' };
const FRENCH = {
  written: 'fr14 2004 1010 0505 0001 3m02 606',
  iban: 'FR1420041010050500013M02606',
};

interface StoredAccount {
  accountHolder: string;
  ibanCiphertext: string;
  ibanKeyId: string;
  ibanLast4: string;
  country: string;
  stripeAccountId: string | null;
  updatedAt: Date;
}

/** The rows as PostgreSQL holds them, read with plain SQL. */
async function storedAccount(t: TestApp, tutorId: string): Promise<StoredAccount | undefined> {
  const [row] = (await t.dataSource.query(
    `SELECT account_holder AS "accountHolder", iban_ciphertext AS "ibanCiphertext",
            iban_key_id AS "ibanKeyId", iban_last4 AS "ibanLast4", country,
            stripe_account_id AS "stripeAccountId", updated_at AS "updatedAt"
       FROM billing.payout_accounts WHERE tutor_id = $1`,
    [tutorId],
  )) as StoredAccount[];
  return row;
}

const keyIds = async (t: TestApp) =>
  (
    (await t.dataSource.query(
      `SELECT DISTINCT iban_key_id AS "keyId" FROM billing.payout_accounts`,
    )) as { keyId: string }[]
  ).map((row) => row.keyId);

const putAccount = (t: TestApp, actor: Actor, body: Record<string, unknown>) =>
  t.http().put('/api/v1/tutors/me/payout-account').set(actor.auth).send(body);
const getAccount = (t: TestApp, actor: Actor) =>
  t.http().get('/api/v1/tutors/me/payout-account').set(actor.auth);

describe('payout accounts: validated IBANs, encrypted at rest', () => {
  const clock = new ControllableClock();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ...WITH_ADMIN,
        DATA_ENCRYPTION_KEY: base64(KEY_A),
        DATA_ENCRYPTION_PREVIOUS_KEYS: undefined,
      },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
  });
  afterAll(() => t.close());

  it('stores an IBAN written with spaces and in lower case, and shows only its last four', async () => {
    const tutor = await given(t).tutor();
    expect((await getAccount(t, tutor)).status).toBe(404);

    const res = await putAccount(t, tutor, {
      accountHolder: '  Ada Lovelace ',
      iban: GERMAN.written,
    });
    expect(res.status).toBe(200);
    const shown = {
      accountHolder: 'Ada Lovelace',
      ibanLast4: '3000',
      country: 'DE',
      stripeAccountId: null,
      updatedAt: clock.now().toISOString(),
    };
    expect(res.body).toEqual(shown);
    expect(JSON.stringify(res.body)).not.toContain('0532013');

    const read = await getAccount(t, tutor);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(shown);
    expect(await t.get(PayoutDestinations).destinationOf(tutor.id)).toEqual({
      accountHolder: 'Ada Lovelace',
      iban: GERMAN.iban,
      stripeAccountId: null,
    });
  });

  it('replaces the account on a second PUT, and tells the tutor each time it changed', async () => {
    const tutor = await given(t).tutor();
    expect((await putAccount(t, tutor, { accountHolder: 'Ada', iban: GERMAN.iban })).status).toBe(
      200,
    );
    clock.advance(MINUTE_MS);
    const british = await putAccount(t, tutor, {
      accountHolder: 'Ada King',
      iban: BRITISH.written,
      stripeAccountId: 'acct_1Nv0FGQ9RKHgCVdK',
    });
    expect(british.body).toEqual({
      accountHolder: 'Ada King',
      ibanLast4: '5432',
      country: 'GB',
      stripeAccountId: 'acct_1Nv0FGQ9RKHgCVdK',
      updatedAt: clock.now().toISOString(),
    });
    clock.advance(MINUTE_MS);
    const french = await putAccount(t, tutor, { accountHolder: 'Ada King', iban: FRENCH.written });
    expect(french.body).toEqual({
      accountHolder: 'Ada King',
      ibanLast4: '2606',
      country: 'FR',
      stripeAccountId: null,
      updatedAt: clock.now().toISOString(),
    });
    expect((await getAccount(t, tutor)).body).toEqual(french.body);
    expect(await t.get(PayoutDestinations).destinationOf(tutor.id)).toEqual({
      accountHolder: 'Ada King',
      iban: FRENCH.iban,
      stripeAccountId: null,
    });
    // The same details again change nothing the tutor needs to hear about.
    expect(
      (await putAccount(t, tutor, { accountHolder: 'Ada King', iban: FRENCH.iban })).status,
    ).toBe(200);

    const events = (await t.dataSource.query(
      `SELECT payload FROM platform.outbox
        WHERE type = 'billing.payout_account.changed' AND aggregate_id = $1 ORDER BY occurred_at`,
      [tutor.id],
    )) as { payload: Record<string, unknown> }[];
    expect(events.map((event) => event.payload)).toEqual([
      { tutorId: tutor.id, ibanLast4: '3000', country: 'DE', added: true },
      { tutorId: tutor.id, ibanLast4: '5432', country: 'GB', added: false },
      { tutorId: tutor.id, ibanLast4: '2606', country: 'FR', added: false },
    ]);
  });

  describe('refuses invalid details with the field and what is wrong, changing nothing', () => {
    let tutor: Actor;
    let before: StoredAccount | undefined;
    beforeAll(async () => {
      tutor = await given(t).tutor();
      await putAccount(t, tutor, { accountHolder: 'Grace Hopper', iban: GERMAN.iban });
      before = await storedAccount(t, tutor.id);
    });

    it.each([
      [
        'a bad checksum',
        { accountHolder: 'Grace Hopper', iban: 'DE89 3704 0044 0532 0130 01' },
        [
          {
            field: 'iban',
            message:
              'iban check digits do not match the rest of the number (mod 97): is it mistyped?',
          },
        ],
      ],
      [
        'the wrong length for the country',
        { accountHolder: 'Grace Hopper', iban: 'GB82WEST1234569876543' },
        [{ field: 'iban', message: 'iban must have 22 characters for GB, not 21' }],
      ],
      [
        'an unknown country',
        { accountHolder: 'Grace Hopper', iban: 'XX89370400440532013000' },
        [
          {
            field: 'iban',
            message: 'iban must start with the code of a country that uses IBANs; XX does not',
          },
        ],
      ],
      [
        'missing fields',
        {},
        [
          { field: 'accountHolder', message: 'accountHolder must be a string' },
          { field: 'iban', message: 'iban must be a string' },
        ],
      ],
      [
        'a blank holder and a malformed Stripe account',
        { accountHolder: '   ', iban: GERMAN.iban, stripeAccountId: 'ba_123' },
        [
          { field: 'accountHolder', message: 'accountHolder must not be empty' },
          { field: 'stripeAccountId', message: 'stripeAccountId must look like acct_…' },
        ],
      ],
      [
        'a holder of 141 characters',
        { accountHolder: 'G'.repeat(141), iban: GERMAN.iban },
        [{ field: 'accountHolder', message: 'accountHolder must be at most 140 characters' }],
      ],
      [
        'an IBAN longer than any written with spaces',
        { accountHolder: 'Grace Hopper', iban: 'DE'.repeat(33) },
        [{ field: 'iban', message: 'iban must be at most 64 characters' }],
      ],
      [
        'an unknown field',
        { accountHolder: 'Grace Hopper', iban: GERMAN.iban, bic: 'COBADEFFXXX' },
        [{ field: 'bic', message: 'property bic should not exist' }],
      ],
    ])('%s', async (_, body, errors) => {
      const res = await putAccount(t, tutor, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'request.validation_failed' });
      expect(res.body.errors).toEqual(expect.arrayContaining(errors));
      expect(res.body.errors).toHaveLength(errors.length);
      expect(await storedAccount(t, tutor.id)).toEqual(before);
    });
  });

  it('is for tutors: 401 without a token, 403 for students and admins', async () => {
    const student = await given(t).student();
    const admin = await given(t).admin();
    const body = { accountHolder: 'Someone', iban: GERMAN.iban };
    expect((await t.http().put('/api/v1/tutors/me/payout-account').send(body)).status).toBe(401);
    expect((await t.http().get('/api/v1/tutors/me/payout-account')).status).toBe(401);
    expect((await putAccount(t, student, body)).status).toBe(403);
    expect((await getAccount(t, student)).status).toBe(403);
    expect((await putAccount(t, admin, body)).status).toBe(403);
    expect((await getAccount(t, admin)).status).toBe(403);
    const [{ count }] = (await t.dataSource.query(
      `SELECT count(*)::int AS count FROM billing.payout_accounts WHERE tutor_id = ANY($1)`,
      [[student.id, admin.id]],
    )) as [{ count: number }];
    expect(count).toBe(0);
  });

  it('keeps no plaintext in the table, and seals the same IBAN differently each time', async () => {
    const first = await given(t).tutor();
    const second = await given(t).tutor();
    await putAccount(t, first, { accountHolder: 'Twin', iban: FRENCH.iban });
    await putAccount(t, second, { accountHolder: 'Twin', iban: FRENCH.iban });
    const a = (await storedAccount(t, first.id))!;
    const b = (await storedAccount(t, second.id))!;

    for (const row of [a, b]) {
      const everything = JSON.stringify(row);
      const decoded = Buffer.from(row.ibanCiphertext, 'base64').toString('latin1');
      // The IBAN, its BBAN (the account number after country and check digits), any run of
      // its characters longer than the four shown.
      for (const secret of [FRENCH.iban, FRENCH.iban.slice(4), FRENCH.iban.slice(-5)]) {
        expect(everything).not.toContain(secret);
        expect(decoded).not.toContain(secret);
      }
      expect(row).toMatchObject({ ibanLast4: '2606', country: 'FR', ibanKeyId: dataKeyId(KEY_A) });
    }
    expect(a.ibanCiphertext).not.toBe(b.ibanCiphertext);
    // Same tutor, same IBAN, again: a fresh nonce, another ciphertext.
    await putAccount(t, first, { accountHolder: 'Twin', iban: FRENCH.iban });
    expect((await storedAccount(t, first.id))!.ibanCiphertext).not.toBe(a.ibanCiphertext);
  });

  it('does not decrypt a ciphertext copied to another tutor’s row', async () => {
    const owner = await given(t).tutor();
    const other = await given(t).tutor();
    await putAccount(t, owner, { accountHolder: 'Owner', iban: GERMAN.iban });
    await putAccount(t, other, { accountHolder: 'Other', iban: BRITISH.iban });
    await t.dataSource.query(
      `UPDATE billing.payout_accounts AS o SET iban_ciphertext = s.iban_ciphertext
         FROM billing.payout_accounts AS s WHERE o.tutor_id = $1 AND s.tutor_id = $2`,
      [other.id, owner.id],
    );
    await expect(t.get(PayoutDestinations).destinationOf(other.id)).rejects.toThrow(
      /does not authenticate/,
    );
    expect((await t.get(PayoutDestinations).destinationOf(owner.id))?.iban).toBe(GERMAN.iban);
    await t.dataSource.query(`DELETE FROM billing.payout_accounts WHERE tutor_id = $1`, [other.id]);
  });

  it('has no destination for a tutor without a payout account', async () => {
    const tutor = await given(t).tutor();
    expect(await t.get(PayoutDestinations).destinationOf(tutor.id)).toBeNull();
  });

  describe('key rotation', () => {
    const apps: TestApp[] = [];
    const startWithKeys = async (current: Buffer, previous: Buffer[] = []) => {
      const app = await startTestApp({
        env: {
          DATA_ENCRYPTION_KEY: base64(current),
          DATA_ENCRYPTION_PREVIOUS_KEYS: previous.length
            ? previous.map(base64).join(',')
            : undefined,
        },
      });
      apps.push(app);
      return app;
    };
    afterAll(() => Promise.all(apps.map((app) => app.close())));

    it('moves every value from key A to key B, after which B alone reads them', async () => {
      const tutors = await Promise.all([1, 2, 3].map(() => given(t).tutor()));
      const ibans = [GERMAN.iban, BRITISH.iban, FRENCH.iban];
      for (const [i, tutor] of tutors.entries()) {
        await putAccount(t, tutor, { accountHolder: `Holder ${i}`, iban: ibans[i] });
      }
      const before = await Promise.all(tutors.map((tutor) => storedAccount(t, tutor.id)));
      const shownBefore = await Promise.all(
        tutors.map(async (tutor) => (await getAccount(t, tutor)).body),
      );
      expect(await keyIds(t)).toEqual([dataKeyId(KEY_A)]);
      const [{ total }] = (await t.dataSource.query(
        `SELECT count(*)::int AS total FROM billing.payout_accounts`,
      )) as [{ total: number }];

      const rotating = await startWithKeys(KEY_B, [KEY_A]);
      // Before the rotation, B's app reads A's values through the previous key.
      expect((await rotating.get(PayoutDestinations).destinationOf(tutors[0]!.id))?.iban).toBe(
        GERMAN.iban,
      );
      const report = await rotating.get(DataKeyRotation).rotate({ batchSize: 2 });
      expect(report).toEqual({
        keyId: dataKeyId(KEY_B),
        reEncrypted: total,
        failures: [],
        remaining: 0,
      });
      expect(await keyIds(t)).toEqual([dataKeyId(KEY_B)]);
      for (const [i, tutor] of tutors.entries()) {
        const after = (await storedAccount(t, tutor.id))!;
        expect(after.ibanCiphertext).not.toBe(before[i]!.ibanCiphertext);
        // Only the ciphertext and its key moved: what the tutor sees, and when it last changed, did not.
        expect({ ...after, ibanCiphertext: '', ibanKeyId: '' }).toEqual({
          ...before[i],
          ibanCiphertext: '',
          ibanKeyId: '',
        });
        expect((await getAccount(rotating, tutor)).body).toEqual(shownBefore[i]);
      }
      // A second run finds nothing left to do.
      expect(await rotating.get(DataKeyRotation).rotate()).toMatchObject({
        reEncrypted: 0,
        remaining: 0,
      });

      const onlyB = await startWithKeys(KEY_B);
      for (const [i, tutor] of tutors.entries()) {
        expect(await onlyB.get(PayoutDestinations).destinationOf(tutor.id)).toEqual({
          accountHolder: `Holder ${i}`,
          iban: ibans[i],
          stripeAccountId: null,
        });
      }
      // A's app, with a key no longer in use, cannot read them.
      await expect(t.get(PayoutDestinations).destinationOf(tutors[0]!.id)).rejects.toThrow(
        `No data encryption key with id ${dataKeyId(KEY_B)}`,
      );
    });

    it('shares the work between two runs at once: each value re-encrypted exactly once', async () => {
      const tutors = await Promise.all([1, 2, 3, 4, 5, 6].map(() => given(t).tutor()));
      for (const tutor of tutors) {
        await putAccount(t, tutor, { accountHolder: 'Parallel', iban: BRITISH.iban });
      }
      const rotating = await startWithKeys(KEY_B, [KEY_A]);
      const rotation = rotating.get(DataKeyRotation);
      const reports = await Promise.all([
        rotation.rotate({ batchSize: 1 }),
        rotation.rotate({ batchSize: 1 }),
      ]);
      expect(reports.reduce((sum, report) => sum + report.reEncrypted, 0)).toBe(tutors.length);
      expect(reports.flatMap((report) => report.failures)).toEqual([]);
      expect(await keyIds(t)).toEqual([dataKeyId(KEY_B)]);
      for (const tutor of tutors) {
        expect((await rotating.get(PayoutDestinations).destinationOf(tutor.id))?.iban).toBe(
          BRITISH.iban,
        );
      }
    });

    it('reports a value under an unknown key by its row, leaves it alone, and rotates the rest', async () => {
      const stranger = await given(t).tutor();
      const regular = await given(t).tutor();
      const unknownKeyApp = await startWithKeys(KEY_UNKNOWN);
      await putAccount(unknownKeyApp, stranger, { accountHolder: 'Stranger', iban: GERMAN.iban });
      await putAccount(t, regular, { accountHolder: 'Regular', iban: GERMAN.iban });
      const strangerBefore = await storedAccount(t, stranger.id);

      const rotating = await startWithKeys(KEY_B, [KEY_A]);
      const report = await rotating.get(DataKeyRotation).rotate();
      expect(report).toEqual({
        keyId: dataKeyId(KEY_B),
        reEncrypted: 1,
        failures: [
          {
            column: 'billing.payout_accounts.iban',
            rowId: stranger.id,
            keyId: dataKeyId(KEY_UNKNOWN),
            reason: `No data encryption key with id ${dataKeyId(KEY_UNKNOWN)} is configured: add it to DATA_ENCRYPTION_PREVIOUS_KEYS`,
          },
        ],
        remaining: 1,
      });
      expect(await storedAccount(t, stranger.id)).toEqual(strangerBefore);
      expect((await storedAccount(t, regular.id))!.ibanKeyId).toBe(dataKeyId(KEY_B));
    });
  });
});
