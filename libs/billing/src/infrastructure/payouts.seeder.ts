import { SqlReader, UnitOfWork, type Transaction } from '@etutors/platform';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';
import type { BillingSettings } from '../billing.settings.js';
import { monthOf } from '../domain/earnings-statement.js';
import { payoutSent } from '../domain/ledger.js';
import { checkPayoutAccount } from '../domain/payout-account-details.js';
import { PayoutAccountEntity } from '../domain/payout-account.entity.js';
import { payoutPlan } from '../domain/payout-plan.js';
import { PayoutRunEntity } from '../domain/payout-run.entity.js';
import { PayoutEntity } from '../domain/payout.entity.js';
import { DataCipher } from './data-cipher.js';
import { LedgerRepository } from './ledger.repository.js';
import { PayoutAccountDestinations } from './payout-account-destinations.js';
import { PayoutAccountRepository } from './payout-account.repository.js';
import { PayoutRepository } from './payout.repository.js';
import { sandboxTransfer } from './sandbox-payment.provider.js';

const NAMESPACE = '5b0e7d3c-2f94-4a61-b8c7-93d1e6a0f245';
const seedId = (name: string) => uuidv5(name, NAMESPACE);

/** The demo's one past payout run: the weekly schedule's, before the demo's first seed. */
const DEMO_RUN_ID = seedId('payout-run:demo');

/** Published example IBANs (valid length and mod-97), one per demo tutor; none the sandbox refuses. */
const DEMO_IBANS = [
  'DE89370400440532013000',
  'GB29NWBK60161331926819',
  'FR1420041010050500013M02606',
  'NL91ABNA0417164300',
  'AT611904300234573201',
  'BE68539007547034',
];

const MINUTE = 60_000;

export interface SeededPayout {
  id: string;
  runId: string;
  tutorId: string;
  amount: number;
  currency: string;
  sentAt: Date;
  /** The statement month it appears in, `2026-11`. */
  month: string;
}

export interface SeededPayouts {
  accountsCreated: number;
  accounts: number;
  /** The payout the past run sent, or null when the demo has none (nothing released early enough). */
  payout: SeededPayout | null;
  payoutCreated: boolean;
}

interface Release {
  paymentId: string;
  tutorId: string;
  currency: string;
  releasedAt: Date;
}

/**
 * Money out for the demo, as billing's own code writes it: a payout account for every demo tutor
 * (the IBAN checked and sealed with the configured key, like `PUT /tutors/me/payout-account`),
 * and one past run of the weekly schedule that paid the tutor whose earnings were released first
 * what was available then: the payout sent through the sandbox bank, its items and the
 * `payout_sent` posting. Only that tutor had an account then; the others added theirs at the
 * seed, so their earnings, and what the first tutor earned since, wait for the next run.
 * Idempotent: an existing account is left alone, and the run is made once (deterministic id).
 */
export async function seedPayouts(
  dataSource: DataSource,
  input: {
    tutors: { id: string; accountHolder: string }[];
    paymentIds: string[];
    settings: BillingSettings;
    now: Date;
  },
): Promise<SeededPayouts> {
  const reader = new SqlReader(dataSource);
  const accounts = new PayoutAccountRepository(dataSource, reader);
  const payouts = new PayoutRepository(dataSource, reader);
  const ledger = new LedgerRepository(reader);
  const cipher = new DataCipher(input.settings.dataKeys);
  const destinations = new PayoutAccountDestinations(accounts, cipher);

  return new UnitOfWork(dataSource).run(async (tx) => {
    const releases = await releasesOf(tx, input.paymentIds);
    const first = releases[0];
    const runAt = first ? nextScheduledRun(first.releasedAt) : null;

    let accountsCreated = 0;
    const tutors = [...input.tutors].sort((a, b) => a.accountHolder.localeCompare(b.accountHolder));
    for (const [i, tutor] of tutors.entries()) {
      if (await accounts.lock(tx, tutor.id)) continue;
      const checked = checkPayoutAccount({
        accountHolder: tutor.accountHolder,
        iban: DEMO_IBANS[i % DEMO_IBANS.length]!,
      });
      if (checked.problems) throw new Error(`demo IBAN refused: ${checked.problems[0]!.message}`);
      const sealed = cipher.seal(checked.details.iban, PayoutAccountEntity.ibanContext(tutor.id));
      // The first tutor's account was there for the past run; the others are added now.
      const openedAt = tutor.id === first?.tutorId && runAt ? first.releasedAt : input.now;
      await accounts.save(
        tx,
        PayoutAccountEntity.open(tutor.id, checked.details, sealed, openedAt),
      );
      accountsCreated += 1;
    }

    const existing = await payouts.findRun(DEMO_RUN_ID, tx);
    if (existing) {
      return {
        accountsCreated,
        accounts: tutors.length,
        payout: await sentPayoutOf(tx, DEMO_RUN_ID),
        payoutCreated: false,
      };
    }
    if (!first || !runAt || runAt >= input.now) {
      return { accountsCreated, accounts: tutors.length, payout: null, payoutCreated: false };
    }
    const payout = await payPastRun(tx, {
      tutorId: first.tutorId,
      currency: first.currency,
      runAt,
      covered: new Set(
        releases
          .filter(
            (release) =>
              release.tutorId === first.tutorId &&
              release.currency === first.currency &&
              release.releasedAt < runAt,
          )
          .map((release) => release.paymentId),
      ),
      minimum: input.settings.PAYOUT_MINIMUM,
      payouts,
      ledger,
      destinations,
      dataSource,
    });
    return {
      accountsCreated,
      accounts: tutors.length,
      payout,
      payoutCreated: payout !== null,
    };
  });
}

/**
 * The run of the weekly schedule at `runAt`, as `PayoutsService` would have planned and sent it
 * then: the tutor's whole available balance (the releases in `covered`), one payout, sent.
 */
async function payPastRun(
  tx: Transaction,
  input: {
    tutorId: string;
    currency: string;
    runAt: Date;
    covered: Set<string>;
    minimum: number;
    payouts: PayoutRepository;
    ledger: LedgerRepository;
    destinations: PayoutAccountDestinations;
    dataSource: DataSource;
  },
): Promise<SeededPayout | null> {
  const { tutorId, currency, runAt, payouts, ledger } = input;
  await ledger.lockTutor(tx, tutorId);
  const items = (await payouts.uncoveredEntries(tx, tutorId, currency)).filter(
    (item) => item.paymentId !== null && input.covered.has(item.paymentId),
  );
  const availableThen = items.reduce((sum, item) => sum + item.amount, 0);
  const [planned] = payoutPlan([{ currency, available: availableThen }], input.minimum, true);
  if (!planned) return null;
  // Money the tutor no longer has (a refund since), or a payout of theirs on its way: leave it.
  const available = (await ledger.tutorBalances(tutorId, tx.manager)).find(
    (balance) => balance.currency === currency,
  )?.available;
  if ((available ?? 0) < planned.amount) return null;
  if ((await payouts.pendingCurrencies(tx, tutorId)).has(currency)) return null;

  const run = Object.assign(PayoutRunEntity.scheduled(runAt), { id: DEMO_RUN_ID });
  // Loses to a run already running, or to a real run of that week's schedule: no demo payout then.
  if (!(await payouts.insertRun(run, tx))) return null;

  const payout = Object.assign(
    PayoutEntity.plan({
      runId: run.id,
      tutorId,
      currency,
      amount: planned.amount,
      provider: 'sandbox',
      now: runAt,
    }),
    { id: seedId(`payout:${run.id}:${tutorId}:${currency}`) },
  );
  if (!(await payouts.insertPlanned(tx, payout, items))) {
    throw new Error(`demo payout ${payout.id}: the tutor already has a payout pending`);
  }
  const destination = await input.destinations.destinationOf(tutorId, tx.manager);
  if (!destination) throw new Error(`demo payout ${payout.id}: the tutor has no payout account`);
  const sentAt = new Date(runAt.getTime() + MINUTE);
  const outcome = await sandboxTransfer(
    input.dataSource,
    {
      payoutId: payout.id,
      amount: payout.amount,
      currency,
      destination,
      idempotencyKey: payout.transferIdempotencyKey,
    },
    sentAt,
  );
  if (outcome.status === 'failed') throw new Error(`demo payout refused: ${outcome.reason}`);
  payout.send(outcome.providerTransferId, sentAt);
  await payouts.savePayout(tx, payout);
  await ledger.post(
    tx,
    payoutSent({ tutorId, currency, amount: payout.amount }),
    { payoutId: payout.id },
    sentAt,
  );
  run.complete({ planned: 1, sent: 1, failed: 0 }, new Date(sentAt.getTime() + MINUTE));
  await payouts.saveRun(tx, run);
  return seeded(payout, sentAt);
}

/** The demo payments whose share was released, oldest release first. */
async function releasesOf(tx: Transaction, paymentIds: string[]): Promise<Release[]> {
  return (await tx.manager.query(
    `SELECT id AS "paymentId", tutor_id AS "tutorId", currency, released_at AS "releasedAt"
       FROM billing.payments
      WHERE id = ANY($1::uuid[]) AND released_at IS NOT NULL
      ORDER BY released_at, id`,
    [paymentIds],
  )) as Release[];
}

async function sentPayoutOf(tx: Transaction, runId: string): Promise<SeededPayout | null> {
  const payout = await tx.manager.getRepository(PayoutEntity).findOneBy({ runId, status: 'sent' });
  return payout ? seeded(payout, payout.sentAt!) : null;
}

const seeded = (payout: PayoutEntity, sentAt: Date): SeededPayout => ({
  id: payout.id,
  runId: payout.runId,
  tutorId: payout.tutorId,
  amount: payout.amount,
  currency: payout.currency,
  sentAt,
  month: monthOf(sentAt).label,
});

/** The weekly schedule's next run after `after`: Mondays at 06:00 UTC, like its cron. */
function nextScheduledRun(after: Date): Date {
  const at = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), 6));
  while (at.getUTCDay() !== 1 || at <= after) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}
