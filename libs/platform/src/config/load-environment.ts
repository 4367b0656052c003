import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { Environment } from './environment.js';
import { ConfigValidationError, validateAllSettings } from './settings.js';

/**
 * Reads `.env` (if present; real environment variables win), validates the platform's settings
 * and every context's registered so far (load the module graph's imports first), and exits with
 * one plain list of every problem if anything is wrong. Returns the platform's settings.
 */
export function loadEnvironmentOrExit(envFile = '.env'): Environment {
  if (existsSync(envFile)) {
    for (const [key, value] of Object.entries(parseEnv(readFileSync(envFile, 'utf8')))) {
      process.env[key] ??= value;
    }
  }
  try {
    return validateAllSettings(process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
