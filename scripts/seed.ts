// `npm run seed`: demo data for a local run, idempotent (a second run creates nothing new).
import 'reflect-metadata';
import { loadEnvironmentOrExit } from '@etutors/platform';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../migrations/data-source.js';

/** Each context adds its seeder here, in dependency order. */
const SEEDERS: { name: string; run: (dataSource: DataSource) => Promise<string[]> }[] = [];

/** Runs every seeder; returns the lines worth printing (demo credentials and the like). */
export async function seedDemoData(dataSource: DataSource): Promise<string[]> {
  const lines: string[] = [];
  for (const seeder of SEEDERS) lines.push(...(await seeder.run(dataSource)));
  return lines;
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
