// The one entity and migration list of the whole database, used by both apps, the CLI and tests.
import {
  buildDataSourceOptions,
  InboxEntryEntity,
  OutboxEventEntity,
  type DatabaseDefinition,
} from '@etutors/platform';
import { BILLING_ENTITIES } from '@etutors/billing';
import { IDENTITY_ENTITIES } from '@etutors/identity';
import { MESSAGING_ENTITIES } from '@etutors/messaging';
import { SCHEDULING_ENTITIES } from '@etutors/scheduling';
import { TUTORING_ENTITIES } from '@etutors/tutoring';
import { DataSource } from 'typeorm';
import { MIGRATIONS, MIGRATIONS_TABLE } from './index.js';

export const DATABASE: DatabaseDefinition = {
  entities: [
    OutboxEventEntity,
    InboxEntryEntity,
    ...IDENTITY_ENTITIES,
    ...TUTORING_ENTITIES,
    ...SCHEDULING_ENTITIES,
    ...BILLING_ENTITIES,
    ...MESSAGING_ENTITIES,
  ],
  migrations: MIGRATIONS,
  migrationsTable: MIGRATIONS_TABLE,
};

export const createDataSource = (url: string) =>
  new DataSource(buildDataSourceOptions(url, DATABASE, 2));

/** For the TypeORM CLI (`npm run migration:generate`). */
export default createDataSource(
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/etutors',
);
