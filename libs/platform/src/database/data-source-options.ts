import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface DatabaseDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  migrationsTable?: string;
}

/**
 * The one set of TypeORM options used by both apps, the migration CLI and the tests.
 * `synchronize` is never on: the schema changes only through migrations.
 */
export function buildDataSourceOptions(
  url: string,
  definition: DatabaseDefinition,
  poolSize = 10,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: definition.entities,
    migrations: definition.migrations,
    migrationsTableName: definition.migrationsTable ?? 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // Query errors surface as exceptions; the error filter logs them with the request id.
    logging: false,
    extra: { max: poolSize, application_name: 'etutors' },
  };
}
