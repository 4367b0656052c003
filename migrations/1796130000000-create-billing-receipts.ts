import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBillingReceipts1796130000000 implements MigrationInterface {
  name = 'CreateBillingReceipts1796130000000';

  async up(q: QueryRunner): Promise<void> {
    // The last receipt number handed out per year. Not a PostgreSQL sequence: a sequence keeps
    // its increment on rollback and would leave gaps; this row's increment rolls back with the
    // receipt it was for.
    await q.query(`
      CREATE TABLE billing.receipt_counters (
        year int PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
        last_sequence int NOT NULL CHECK (last_sequence > 0)
      )`);
    // One receipt per payment, numbered when it is issued; the PDF follows once rendered and is
    // never replaced.
    await q.query(`
      CREATE TABLE billing.receipts (
        payment_id uuid PRIMARY KEY REFERENCES billing.payments (id),
        year int NOT NULL REFERENCES billing.receipt_counters (year),
        sequence int NOT NULL CHECK (sequence > 0),
        number text NOT NULL,
        pdf bytea,
        issued_at timestamptz NOT NULL,
        rendered_at timestamptz,
        CONSTRAINT receipts_number_uq UNIQUE (year, sequence),
        CONSTRAINT receipts_number_format CHECK (
          number = year::text || '-' || lpad(sequence::text, greatest(6, length(sequence::text)), '0')),
        CONSTRAINT receipts_year_of_issue CHECK (
          year = extract(year FROM issued_at AT TIME ZONE 'UTC')::int),
        CONSTRAINT receipts_rendered CHECK ((pdf IS NULL) = (rendered_at IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.receipts`);
    await q.query(`DROP TABLE billing.receipt_counters`);
  }
}
