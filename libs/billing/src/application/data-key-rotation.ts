import { Injectable } from '@nestjs/common';
import { defineSettings, SqlReader, UnitOfWork } from '@etutors/platform';
import type { DataSource } from 'typeorm';
import { BillingSettings } from '../billing.settings.js';
import { DataCipher } from '../infrastructure/data-cipher.js';
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from '../infrastructure/encrypted-columns.js';

/** A value the rotation could not re-encrypt; its row is left as it was. */
export interface KeyRotationFailure {
  column: string;
  rowId: string;
  keyId: string;
  reason: string;
}

export interface KeyRotationReport {
  /** The key every value should now be under. */
  keyId: string;
  reEncrypted: number;
  failures: KeyRotationFailure[];
  /** Values still under another key after the run: the failures, and rows another transaction held. */
  remaining: number;
}

interface StoredValue {
  rowId: string;
  ciphertext: string;
  keyId: string;
}

const DEFAULT_BATCH_SIZE = 100;

/**
 * `npm run keys:rotate`: re-encrypts every stored value that is not under the current key
 * (DATA_ENCRYPTION_KEY), opening it with whichever previous key it is under. Works in batches,
 * one transaction each, every row locked while it is rewritten; rows another run or a write
 * holds are skipped (`SKIP LOCKED`), so concurrent runs share the work and a second run finds
 * only what is left. A value under an unknown key, or one that does not authenticate, is
 * reported by row and left unchanged.
 */
@Injectable()
export class DataKeyRotation {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reader: SqlReader,
    private readonly cipher: DataCipher,
  ) {}

  async rotate({ batchSize = DEFAULT_BATCH_SIZE } = {}): Promise<KeyRotationReport> {
    const report: KeyRotationReport = {
      keyId: this.cipher.currentKeyId,
      reEncrypted: 0,
      failures: [],
      remaining: 0,
    };
    for (const column of ENCRYPTED_COLUMNS) {
      const failedRows: string[] = [];
      for (;;) {
        const batch = await this.rotateBatch(column, failedRows, batchSize);
        report.reEncrypted += batch.reEncrypted;
        report.failures.push(...batch.failures);
        failedRows.push(...batch.failures.map((failure) => failure.rowId));
        if (batch.rows === 0) break;
      }
      report.remaining += await this.countNotCurrent(column);
    }
    return report;
  }

  private rotateBatch(column: EncryptedColumn, skip: string[], batchSize: number) {
    const { table, idColumn: id, ciphertextColumn: value, keyIdColumn: keyId } = column;
    return this.unitOfWork.run(async (tx) => {
      const rows = (await tx.manager.query(
        `SELECT ${id}::text AS "rowId", ${value} AS ciphertext, ${keyId} AS "keyId"
           FROM ${table}
          WHERE ${keyId} <> $1 AND NOT (${id} = ANY($2))
          ORDER BY ${id} LIMIT $3
          FOR UPDATE SKIP LOCKED`,
        [this.cipher.currentKeyId, skip, batchSize],
      )) as StoredValue[];
      const failures: KeyRotationFailure[] = [];
      let reEncrypted = 0;
      for (const row of rows) {
        let resealed;
        try {
          resealed = this.cipher.reseal(row, column.context(row.rowId));
        } catch (error) {
          failures.push({
            column: column.name,
            rowId: row.rowId,
            keyId: row.keyId,
            reason: (error as Error).message,
          });
          continue;
        }
        await tx.manager.query(
          `UPDATE ${table} SET ${value} = $2, ${keyId} = $3 WHERE ${id} = $1`,
          [row.rowId, resealed.ciphertext, resealed.keyId],
        );
        reEncrypted += 1;
      }
      return { rows: rows.length, reEncrypted, failures };
    });
  }

  private async countNotCurrent(column: EncryptedColumn): Promise<number> {
    const [row] = await this.reader.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM ${column.table} WHERE ${column.keyIdColumn} <> $1`,
      [this.cipher.currentKeyId],
    );
    return row!.count;
  }
}

/**
 * The rotation outside Nest, for `npm run keys:rotate`: the keys are read from the environment
 * (which `loadEnvironmentOrExit` has validated by then).
 */
export function dataKeyRotationOver(dataSource: DataSource): DataKeyRotation {
  const settings = defineSettings(BillingSettings).useFactory() as BillingSettings;
  return new DataKeyRotation(
    new UnitOfWork(dataSource),
    new SqlReader(dataSource),
    new DataCipher(settings.dataKeys),
  );
}
