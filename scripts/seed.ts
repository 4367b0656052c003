// `npm run seed`: demo data for a local run, idempotent (a second run creates nothing new).
import 'reflect-metadata';
import { seedIdentity } from '@etutors/identity';
import { loadEnvironmentOrExit } from '@etutors/platform';
import { seedTutoring } from '@etutors/tutoring';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../migrations/data-source.js';

/** Runs every context's seeder in dependency order; returns the lines worth printing (demo credentials). */
export async function seedDemoData(dataSource: DataSource): Promise<string[]> {
  const users = await seedIdentity(dataSource);
  const tutoring = await seedTutoring(dataSource, users.tutors, users.students);
  return [...users.lines, ...tutoring];
}

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
