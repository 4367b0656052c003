import { Injectable } from '@nestjs/common';
import {
  newId,
  pageOffset,
  SqlReader,
  toPage,
  type Page,
  type SqlQueryable,
  type Transaction,
} from '@etutors/platform';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { PayoutRunEntity } from '../domain/payout-run.entity.js';
import { PayoutEntity, type PayoutStatus } from '../domain/payout.entity.js';

/** A ledger entry on a tutor's available account that no live payout covers yet. */
export interface UncoveredEntry {
  ledgerEntryId: string;
  paymentId: string | null;
  bookingId: string | null;
  /** As the tutor sees it: a release is positive, a clawback negative. */
  amount: number;
}

/** What a payout pays for, per lesson (a release less any clawback of the same lesson). */
export interface PayoutLesson {
  bookingId: string;
  paymentId: string;
  amount: number;
}

export type PayoutWithLessons = PayoutEntity & { lessons: PayoutLesson[] };

export interface PayoutCounts {
  planned: number;
  pending: number;
  sent: number;
  failed: number;
}

/** Payout runs, payouts and the ledger entries each payout covers. */
@Injectable()
export class PayoutRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: SqlReader,
  ) {}

  /** Inserts the run unless another is running (or has this week's schedule); true if it did. */
  insertRun(run: PayoutRunEntity, via?: Transaction): Promise<boolean> {
    return insertUnlessTaken(via?.manager ?? this.dataSource.manager, PayoutRunEntity, run);
  }

  findRun(id: string, via?: Transaction): Promise<PayoutRunEntity | null> {
    const manager = via?.manager ?? this.dataSource.manager;
    return manager.getRepository(PayoutRunEntity).findOneBy({ id });
  }

  findRunning(): Promise<PayoutRunEntity | null> {
    return this.dataSource.getRepository(PayoutRunEntity).findOneBy({ status: 'running' });
  }

  findScheduledFor(week: string): Promise<PayoutRunEntity | null> {
    return this.dataSource.getRepository(PayoutRunEntity).findOneBy({ scheduledFor: week });
  }

  lockRun(tx: Transaction, id: string): Promise<PayoutRunEntity | null> {
    return tx.manager
      .getRepository(PayoutRunEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  async saveRun(tx: Transaction, run: PayoutRunEntity): Promise<void> {
    await tx.manager.getRepository(PayoutRunEntity).update(
      { id: run.id },
      {
        status: run.status,
        completedAt: run.completedAt,
        plannedCount: run.plannedCount,
        sentCount: run.sentCount,
        failedCount: run.failedCount,
      },
    );
  }

  /**
   * Tutors and currencies whose available balance reaches `minimum` with no payout pending,
   * in the order runs lock tutors (so two planners never wait on each other in a circle).
   */
  async payable(
    tx: Transaction,
    minimum: number,
  ): Promise<{ tutorId: string; currency: string }[]> {
    return (await tx.manager.query(
      `SELECT e.owner_id AS "tutorId", e.currency
         FROM billing.ledger_entries e
        WHERE e.account = 'tutor_available'
        GROUP BY e.owner_id, e.currency
       HAVING -sum(e.amount) >= greatest($1::bigint, 1)
          AND NOT EXISTS (SELECT 1 FROM billing.payouts p
                           WHERE p.tutor_id = e.owner_id AND p.currency = e.currency
                             AND p.status = 'pending')
        ORDER BY e.owner_id, e.currency`,
      [minimum],
    )) as { tutorId: string; currency: string }[];
  }

  /** The currencies in which the tutor has a payout on its way. */
  async pendingCurrencies(tx: Transaction, tutorId: string): Promise<Set<string>> {
    const rows = (await tx.manager.query(
      `SELECT currency FROM billing.payouts WHERE tutor_id = $1 AND status = 'pending'`,
      [tutorId],
    )) as { currency: string }[];
    return new Set(rows.map((row) => row.currency));
  }

  /**
   * The tutor's releases and clawbacks in `currency` that no live payout covers, oldest first.
   * Together they are what the tutor's available balance is made of since the last payout.
   */
  async uncoveredEntries(
    tx: Transaction,
    tutorId: string,
    currency: string,
  ): Promise<UncoveredEntry[]> {
    const rows = (await tx.manager.query(
      `SELECT e.id AS "ledgerEntryId", e.payment_id AS "paymentId", p.booking_id AS "bookingId",
              -e.amount AS amount
         FROM billing.ledger_entries e
         LEFT JOIN billing.payments p ON p.id = e.payment_id
        WHERE e.owner_id = $1 AND e.currency = $2 AND e.account = 'tutor_available'
          AND e.kind <> 'payout_sent'
          AND NOT EXISTS (SELECT 1 FROM billing.payout_items i
                           WHERE i.ledger_entry_id = e.id AND i.active)
        ORDER BY e.created_at, e.id`,
      [tutorId, currency],
    )) as (Omit<UncoveredEntry, 'amount'> & { amount: string })[];
    return rows.map((row) => ({ ...row, amount: Number(row.amount) }));
  }

  /**
   * Inserts a pending payout and the entries it covers; false (and nothing written) when the
   * run already has a payout for this tutor and currency or one is pending.
   */
  async insertPlanned(
    tx: Transaction,
    payout: PayoutEntity,
    items: UncoveredEntry[],
  ): Promise<boolean> {
    if (!(await insertUnlessTaken(tx.manager, PayoutEntity, payout))) return false;
    const values = items.flatMap((item) => [
      newId(),
      payout.id,
      item.ledgerEntryId,
      item.paymentId,
      item.bookingId,
      item.amount,
    ]);
    const rows = items.map((_, i) => {
      const p = i * 6;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`;
    });
    const covered = (await tx.manager.query(
      `INSERT INTO billing.payout_items (id, payout_id, ledger_entry_id, payment_id, booking_id, amount)
       VALUES ${rows.join(', ')}
       ON CONFLICT (ledger_entry_id) WHERE active DO NOTHING
       RETURNING id`,
      values,
    )) as unknown[];
    if (covered.length !== items.length) {
      // Another live payout covers one of these entries: planning under the tutor's lock
      // makes that impossible, so stop rather than pay for money twice.
      throw new Error(`payout ${payout.id}: an entry it covers already belongs to a live payout`);
    }
    return true;
  }

  /** Ids of every pending payout, oldest first. */
  async pendingIds(): Promise<string[]> {
    const rows = await this.reader.query<{ id: string }>(
      `SELECT id FROM billing.payouts WHERE status = 'pending' ORDER BY created_at, id`,
    );
    return rows.map((row) => row.id);
  }

  /** The payout, locked: waits for a send in flight, which holds the row until its commit. */
  lock(tx: Transaction, id: string): Promise<PayoutEntity | null> {
    return tx.manager
      .getRepository(PayoutEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
  }

  /** One payout with the lessons it covers, or null. */
  async findWithLessons(id: string): Promise<PayoutWithLessons | null> {
    const payout = await this.dataSource.getRepository(PayoutEntity).findOneBy({ id });
    if (!payout) return null;
    const lessons = await this.lessonsOf([id]);
    return Object.assign(payout, { lessons: lessons.get(id) ?? [] });
  }

  /** The payout if it is still pending and no other worker is sending it, locked; else null. */
  lockPendingUnlessTaken(tx: Transaction, id: string): Promise<PayoutEntity | null> {
    return tx.manager
      .getRepository(PayoutEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('p.id = :id AND p.status = :status', { id, status: 'pending' })
      .getOne();
  }

  async savePayout(tx: Transaction, payout: PayoutEntity): Promise<void> {
    await tx.manager.getRepository(PayoutEntity).update(
      { id: payout.id },
      {
        status: payout.status,
        providerTransferId: payout.providerTransferId,
        failureReason: payout.failureReason,
        sentAt: payout.sentAt,
        failedAt: payout.failedAt,
      },
    );
  }

  /** A failed payout lets go of what it covered, so the next run's payout covers it. */
  async releaseItems(tx: Transaction, payoutId: string): Promise<void> {
    await tx.manager.query(
      `UPDATE billing.payout_items SET active = false WHERE payout_id = $1 AND active`,
      [payoutId],
    );
  }

  async countsOfRun(runId: string, via: SqlQueryable = this.reader): Promise<PayoutCounts> {
    const [row] = (await via.query(
      `SELECT count(*)::int AS planned,
              (count(*) FILTER (WHERE status = 'pending'))::int AS pending,
              (count(*) FILTER (WHERE status = 'sent'))::int AS sent,
              (count(*) FILTER (WHERE status = 'failed'))::int AS failed
         FROM billing.payouts WHERE run_id = $1`,
      [runId],
    )) as PayoutCounts[];
    return row!;
  }

  /** The tutor's payouts, newest first, each with the lessons it covers. */
  async pageOfTutor(
    tutorId: string,
    page: { page: number; limit: number },
  ): Promise<Page<PayoutWithLessons>> {
    return this.pageWhere({ tutorId }, page);
  }

  /** Every payout (in `status`, when given), newest first. */
  async page(
    status: PayoutStatus | undefined,
    page: { page: number; limit: number },
  ): Promise<Page<PayoutWithLessons>> {
    return this.pageWhere(status ? { status } : {}, page);
  }

  private async pageWhere(
    where: { tutorId?: string; status?: PayoutStatus },
    page: { page: number; limit: number },
  ): Promise<Page<PayoutWithLessons>> {
    const [payouts, total] = await this.dataSource.getRepository(PayoutEntity).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: pageOffset(page),
      take: page.limit,
    });
    const lessons = await this.lessonsOf(payouts.map((payout) => payout.id));
    return toPage(
      payouts.map((payout) => Object.assign(payout, { lessons: lessons.get(payout.id) ?? [] })),
      total,
      page,
    );
  }

  /** Per payout, its lessons: the net of the entries it covered for each booking. */
  private async lessonsOf(payoutIds: string[]): Promise<Map<string, PayoutLesson[]>> {
    const byPayout = new Map<string, PayoutLesson[]>();
    if (payoutIds.length === 0) return byPayout;
    const rows = await this.reader.query<{
      payoutId: string;
      bookingId: string;
      paymentId: string;
      amount: string;
    }>(
      `SELECT i.payout_id AS "payoutId", i.booking_id AS "bookingId", i.payment_id AS "paymentId",
              sum(i.amount) AS amount
         FROM billing.payout_items i
         JOIN billing.ledger_entries e ON e.id = i.ledger_entry_id
        WHERE i.payout_id = ANY($1::uuid[]) AND i.payment_id IS NOT NULL
        GROUP BY i.payout_id, i.booking_id, i.payment_id
        ORDER BY i.payout_id, min(e.created_at), i.payment_id`,
      [payoutIds],
    );
    for (const row of rows) {
      const list = byPayout.get(row.payoutId) ?? [];
      list.push({ bookingId: row.bookingId, paymentId: row.paymentId, amount: Number(row.amount) });
      byPayout.set(row.payoutId, list);
    }
    return byPayout;
  }
}

/** Inserts the row unless a unique index already holds one like it; true if it did. */
async function insertUnlessTaken<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  row: T,
): Promise<boolean> {
  const inserted = (await manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(row)
    .orIgnore()
    .returning(['id'])
    .execute()) as { raw: unknown[] };
  return inserted.raw.length > 0;
}
