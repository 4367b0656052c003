import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';

const HANDLED = Symbol('connection errors handled');

/**
 * pg's pool listens for errors only on idle connections: a connection checked out (a
 * transaction between statements) that PostgreSQL terminates emits an `error` nobody handles,
 * and Node ends the process. Every connection handed out gets a listener here; the statement
 * that needed it fails (a 503), and the pool drops the broken connection when it comes back.
 */
@Injectable()
export class PoolConnectionErrors implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const pool = (this.dataSource.driver as unknown as { master?: EventEmitter }).master;
    pool?.on('acquire', (client: EventEmitter & { [HANDLED]?: true }) => {
      if (client[HANDLED]) return;
      client[HANDLED] = true;
      client.on('error', (error: Error) =>
        this.logger.warn(`A pooled connection failed: ${error.message}`),
      );
    });
  }
}
