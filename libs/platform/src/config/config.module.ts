import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from './environment.js';

/** Global, validated configuration: read it with `ConfigService<Environment, true>`. Built lazily, after the environment is final. */
export const appConfigModule = () =>
  ConfigModule.forRoot({
    isGlobal: true,
    cache: true,
    ignoreEnvFile: true,
    validate: validateEnvironment,
  });
