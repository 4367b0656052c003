import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `char(3)` pads and compares with blank-padding semantics, so every read had to trim. Currency
 * codes become `text` that must be three capital letters, as billing stores them.
 */
const COLUMNS = [
  ['tutoring.tutors', 'tutors_currency_code'],
  ['tutoring.tutor_revisions', 'tutor_revisions_currency_code'],
  ['scheduling.bookings', 'bookings_currency_code'],
] as const;

export class CurrencyCodesAsText1796011000000 implements MigrationInterface {
  name = 'CurrencyCodesAsText1796011000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, check] of COLUMNS) {
      await q.query(
        `ALTER TABLE ${table} ALTER COLUMN currency TYPE text USING upper(rtrim(currency)),
           ADD CONSTRAINT ${check} CHECK (currency ~ '^[A-Z]{3}$')`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, check] of COLUMNS) {
      await q.query(
        `ALTER TABLE ${table} DROP CONSTRAINT ${check}, ALTER COLUMN currency TYPE char(3)`,
      );
    }
  }
}
