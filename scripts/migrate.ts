// `npm run migrate` (run pending), `npm run migrate:revert` (undo the last), `npm run migrate -- show`.
import 'reflect-metadata';
import { loadEnvironmentOrExit } from '@etutors/platform';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../migrations/data-source.js';

export async function migrate(
  dataSource: DataSource,
  log = (line: string) => process.stdout.write(`${line}\n`),
) {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  log(
    applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'No pending migrations',
  );
}

async function main(command: string): Promise<void> {
  const env = loadEnvironmentOrExit();
  const dataSource = await createDataSource(env.DATABASE_URL).initialize();
  try {
    if (command === 'run') await migrate(dataSource);
    else if (command === 'revert') await dataSource.undoLastMigration({ transaction: 'each' });
    else if (command === 'show') process.exitCode = (await dataSource.showMigrations()) ? 1 : 0;
    else throw new Error(`Unknown command "${command}": use run, revert or show`);
  } finally {
    await dataSource.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(process.argv[2] ?? 'run');
}
