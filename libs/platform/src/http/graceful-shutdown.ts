import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';

const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * On SIGTERM/SIGINT: stop accepting, let in-flight requests and running jobs finish, close
 * queues and pools (Nest's shutdown hooks), then exit 0. Past the deadline, exit 1 regardless.
 */
export function closeOnSignals(app: INestApplication, logger: Logger): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'Shutting down');
    setTimeout(() => {
      logger.error('Shutdown deadline passed, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
