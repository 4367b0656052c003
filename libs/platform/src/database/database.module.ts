import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Environment } from '../config/environment.js';
import { buildDataSourceOptions, type DatabaseDefinition } from './data-source-options.js';
import { PoolConnectionErrors } from './pool-connection-errors.js';
import { SqlReader } from './sql-reader.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(definition: DatabaseDefinition): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) =>
            buildDataSourceOptions(
              config.get('DATABASE_URL', { infer: true }),
              definition,
              config.get('DATABASE_POOL_SIZE', { infer: true }),
            ),
        }),
      ],
      providers: [UnitOfWork, SqlReader, PoolConnectionErrors],
      exports: [UnitOfWork, SqlReader],
    };
  }
}
