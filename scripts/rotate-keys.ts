// `npm run keys:rotate`: re-encrypts every value stored under a previous data encryption key
// (DATA_ENCRYPTION_PREVIOUS_KEYS) under the current one (DATA_ENCRYPTION_KEY). Safe to run
// again, or in parallel; exits 1 when a value could not be re-encrypted, naming its row.
import 'reflect-metadata';
import { dataKeyRotationOver, type KeyRotationReport } from '@etutors/billing';
import { loadEnvironmentOrExit } from '@etutors/platform';
import { createDataSource } from '../migrations/data-source.js';

/** What the run did, one line each; the failures first, so they are not missed. */
export function describeRotation(report: KeyRotationReport): string[] {
  return [
    ...report.failures.map(
      (failure) =>
        `FAILED ${failure.column} row ${failure.rowId} (key ${failure.keyId}): ${failure.reason}; left unchanged`,
    ),
    `Re-encrypted ${report.reEncrypted} value(s) under key ${report.keyId}.`,
    report.remaining === 0
      ? 'Every value is under the current key: the previous keys can be dropped.'
      : report.failures.length > 0
        ? `${report.remaining} value(s) are still under another key: keep the previous keys until the failures above are resolved.`
        : `${report.remaining} value(s) were held by another transaction: run again.`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = loadEnvironmentOrExit();
  const dataSource = await createDataSource(env.DATABASE_URL).initialize();
  try {
    const report = await dataKeyRotationOver(dataSource).rotate();
    for (const line of describeRotation(report)) {
      (line.startsWith('FAILED') ? process.stderr : process.stdout).write(`${line}\n`);
    }
    if (report.failures.length > 0) process.exitCode = 1;
  } finally {
    await dataSource.destroy();
  }
}
