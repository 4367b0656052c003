import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBillingPayoutAccounts1796320000000 implements MigrationInterface {
  name = 'CreateBillingPayoutAccounts1796320000000';

  async up(q: QueryRunner): Promise<void> {
    // Where a tutor's payouts go. The IBAN is stored only encrypted (AES-256-GCM, base64 of
    // nonce ‖ ciphertext ‖ tag) beside the id of the key it is under, so a key rotation can find
    // what is left under an old key; its last four characters and country are kept in clear for
    // the tutor to recognise it.
    await q.query(`
      CREATE TABLE billing.payout_accounts (
        tutor_id uuid PRIMARY KEY,
        account_holder text NOT NULL
          CHECK (account_holder = btrim(account_holder) AND length(account_holder) BETWEEN 1 AND 140),
        iban_ciphertext text NOT NULL CHECK (iban_ciphertext ~ '^[A-Za-z0-9+/]+={0,2}$'),
        iban_key_id text NOT NULL CHECK (iban_key_id ~ '^[0-9a-f]{8}$'),
        iban_last4 text NOT NULL CHECK (iban_last4 ~ '^[0-9A-Z]{4}$'),
        country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        stripe_account_id text CHECK (stripe_account_id ~ '^acct_[A-Za-z0-9]+$'),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT payout_accounts_updated_after_created CHECK (updated_at >= created_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.payout_accounts`);
  }
}
