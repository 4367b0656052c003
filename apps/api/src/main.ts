import 'reflect-metadata';
import {
  closeOnSignals,
  createHttpApp,
  createLogger,
  loadEnvironmentOrExit,
} from '@etutors/platform';

/** Starts the API. A wrong configuration stops it before anything else, with every problem listed. */
export async function startApi(): Promise<void> {
  // Loading the contexts' modules registers their settings (nothing is read yet), so the one
  // check below lists every problem of the platform and of every context.
  await import('./app-imports.js');
  const env = loadEnvironmentOrExit();
  const logger = createLogger(env.LOG_LEVEL);
  // Imported only now: building the module graph reads the configuration, which must be valid first.
  const { AppModule } = await import('./app.module.js');
  const app = await createHttpApp(AppModule, env, logger);
  closeOnSignals(app, logger);
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
  logger.info({ port: env.PORT, docs: env.DOCS_ENABLED ? '/docs' : 'off' }, 'API listening');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await startApi();
}
