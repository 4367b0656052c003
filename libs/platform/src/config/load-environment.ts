import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigValidationError, validateEnvironment, type Environment } from './environment.js';

/** Reads `.env` (if present; real environment variables win), validates, and exits with a plain list of problems if wrong. */
export function loadEnvironmentOrExit(envFile = '.env'): Environment {
  if (existsSync(envFile)) {
    for (const [key, value] of Object.entries(parseEnv(readFileSync(envFile, 'utf8')))) {
      process.env[key] ??= value;
    }
  }
  try {
    return validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
