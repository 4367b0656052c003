import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import { DataSource } from 'typeorm';

const HANDLED = Symbol('connection errors handled');

/** pg-pool's flag, set once `end()` was called. */
interface PoolState {
  ending?: boolean;
}

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
    const pool = (this.dataSource.driver as unknown as { master?: EventEmitter & PoolState })
      .master;
    pool?.on('acquire', (client: EventEmitter & { [HANDLED]?: true }) => {
      if (client[HANDLED]) return;
      client[HANDLED] = true;
      client.on('error', (error: Error) => {
        // The pool is closing (the process stops): its connections are on their way out, and
        // a server stopping right after terminates those still saying goodbye. Nothing failed.
        if (pool.ending) return;
        this.logger.warn(`A pooled connection failed: ${error.message}`);
      });
    });
  }
}
