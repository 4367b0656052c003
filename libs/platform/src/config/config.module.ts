import { ConfigModule } from '@nestjs/config';
import { validateAllSettings } from './settings.js';

/**
 * Global, validated configuration: the platform reads its own settings with
 * `ConfigService<Environment, true>`; contexts inject their settings class (`defineSettings`).
 * Validates every registered context too, so no entry point can boot on a wrong one. Built
 * lazily, after the environment is final.
 */
export const appConfigModule = () =>
  ConfigModule.forRoot({
    isGlobal: true,
    cache: true,
    ignoreEnvFile: true,
    validate: validateAllSettings,
  });
