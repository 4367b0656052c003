// `npm run seed`: demo data for a local run, idempotent (a second run creates nothing new).
import 'reflect-metadata';
import { loadEnvironmentOrExit } from '@etutors/platform';
import { createDataSource } from '../migrations/data-source.js';
import { seedDemoData } from './demo-data.js';

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = loadEnvironmentOrExit();
  const dataSource = await createDataSource(env.DATABASE_URL).initialize();
  try {
    const lines = await seedDemoData(dataSource);
    process.stdout.write(`Seed done.\n${lines.join('\n')}\n`);
  } finally {
    await dataSource.destroy();
  }
}
