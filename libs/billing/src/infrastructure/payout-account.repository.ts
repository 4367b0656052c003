import { Injectable } from '@nestjs/common';
import { SqlReader, type SqlQueryable, type Transaction } from '@etutors/platform';
import { DataSource } from 'typeorm';
import { PayoutAccountEntity } from '../domain/payout-account.entity.js';

@Injectable()
export class PayoutAccountRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: SqlReader,
  ) {}

  find(tutorId: string): Promise<PayoutAccountEntity | null> {
    return this.dataSource.getRepository(PayoutAccountEntity).findOneBy({ tutorId });
  }

  /** The tutor's account, locked until the transaction ends. */
  lock(tx: Transaction, tutorId: string): Promise<PayoutAccountEntity | null> {
    return tx.manager
      .getRepository(PayoutAccountEntity)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.tutor_id = :tutorId', { tutorId })
      .getOne();
  }

  /**
   * Writes the account, inserting or replacing: two first PUTs racing for one tutor leave the
   * later one's details rather than a unique violation (and an update time no earlier than
   * the creation, whichever of the two read the clock first).
   */
  async save(tx: Transaction, account: PayoutAccountEntity): Promise<void> {
    await tx.manager.query(
      `INSERT INTO billing.payout_accounts AS a (tutor_id, account_holder, iban_ciphertext,
           iban_key_id, iban_last4, country, stripe_account_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (tutor_id) DO UPDATE SET account_holder = excluded.account_holder,
           iban_ciphertext = excluded.iban_ciphertext, iban_key_id = excluded.iban_key_id,
           iban_last4 = excluded.iban_last4, country = excluded.country,
           stripe_account_id = excluded.stripe_account_id,
           updated_at = greatest(excluded.updated_at, a.created_at)`,
      [
        account.tutorId,
        account.accountHolder,
        account.ibanCiphertext,
        account.ibanKeyId,
        account.ibanLast4,
        account.country,
        account.stripeAccountId,
        account.createdAt,
        account.updatedAt,
      ],
    );
  }

  /** What a payout needs of the account, through `via` inside a transaction. */
  async payoutFields(
    tutorId: string,
    via: SqlQueryable = this.reader,
  ): Promise<Pick<
    PayoutAccountEntity,
    'tutorId' | 'accountHolder' | 'ibanCiphertext' | 'ibanKeyId' | 'stripeAccountId'
  > | null> {
    const [row] = (await via.query(
      `SELECT tutor_id AS "tutorId", account_holder AS "accountHolder",
              iban_ciphertext AS "ibanCiphertext", iban_key_id AS "ibanKeyId",
              stripe_account_id AS "stripeAccountId"
         FROM billing.payout_accounts WHERE tutor_id = $1`,
      [tutorId],
    )) as Pick<
      PayoutAccountEntity,
      'tutorId' | 'accountHolder' | 'ibanCiphertext' | 'ibanKeyId' | 'stripeAccountId'
    >[];
    return row ?? null;
  }
}
