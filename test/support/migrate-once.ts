import { createDataSource } from '../../migrations/data-source';

let migrated: Promise<void> | undefined;

/** Migrates this run's database once; workers race for an advisory lock, the rest find nothing pending. */
export function ensureMigrated(): Promise<void> {
  migrated ??= (async () => {
    const dataSource = await createDataSource(process.env.DATABASE_URL!).initialize();
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock(727001)');
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(727001)').catch(() => undefined);
      await runner.release();
      await dataSource.destroy();
    }
  })();
  return migrated;
}
