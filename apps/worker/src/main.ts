import 'reflect-metadata';
import {
  closeOnSignals,
  createHttpApp,
  createLogger,
  loadEnvironmentOrExit,
} from '@etutors/platform';

/** Starts the worker: job handlers, the outbox relay, schedules, and `/health` on WORKER_PORT. */
export async function startWorker(): Promise<void> {
  process.env.SERVICE_NAME ??= 'etutors-worker';
  // Loading the contexts' modules registers their settings, so the check lists every problem.
  await import('./worker-imports.js');
  const env = loadEnvironmentOrExit();
  const logger = createLogger(env.LOG_LEVEL);
  // Imported only now: building the module graph reads the configuration, which must be valid first.
  const { WorkerModule } = await import('./worker.module.js');
  const app = await createHttpApp(WorkerModule, env, logger, { docs: false });
  closeOnSignals(app, logger);
  await app.listen({ port: env.WORKER_PORT, host: '0.0.0.0' });
  logger.info({ port: env.WORKER_PORT }, 'Worker running');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await startWorker();
}
