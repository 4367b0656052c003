// `npm run analytics:rebuild`: empties the analytics read models and replays every event the
// outbox still holds into them (events older than OUTBOX_RETENTION_DAYS are purged and cannot
// be replayed). Safe to run while the API and workers run; figures are partial until it ends.
import 'reflect-metadata';
import { readModelRebuildOver } from '@etutors/analytics';
import { loadEnvironmentOrExit } from '@etutors/platform';
import { createDataSource } from '../migrations/data-source.js';

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = loadEnvironmentOrExit();
  const dataSource = await createDataSource(env.DATABASE_URL).initialize();
  try {
    const { replayed } = await readModelRebuildOver(dataSource).rebuild();
    process.stdout.write(`Replayed ${replayed} event(s) into the analytics read models.\n`);
  } finally {
    await dataSource.destroy();
  }
}
