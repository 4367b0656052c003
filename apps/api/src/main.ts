import 'reflect-metadata';
import { createHttpApp, createLogger, loadEnvironmentOrExit } from '@etutors/platform';

const SHUTDOWN_DEADLINE_MS = 10_000;

/** Starts the API. A wrong configuration stops it before anything else, with every problem listed. */
export async function startApi(): Promise<void> {
  const env = loadEnvironmentOrExit();
  const logger = createLogger(env.LOG_LEVEL);
  // Imported only now: building the module graph reads the configuration, which must be valid first.
  const { AppModule } = await import('./app.module.js');
  const app = await createHttpApp(AppModule, env, logger);
  // Nest closes the server (in-flight requests finish), the queues and the pools on SIGTERM; this is the backstop.
  process.once('SIGTERM', () => setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref());
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
  logger.info({ port: env.PORT, docs: env.DOCS_ENABLED ? '/docs' : 'off' }, 'API listening');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await startApi();
}
