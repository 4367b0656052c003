import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** Whatever runs one SQL statement: `SqlReader`, or a transaction's `EntityManager`. */
export interface SqlQueryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * One-statement reads outside any transaction, sent straight to the pool TypeORM opened.
 * `DataSource.query` builds a query runner, an event broadcaster and a result wrapper around
 * every call; on a hot read (the signed-in user's profile, a readiness probe, a search page) that
 * is a sizeable share of the request. Errors are the driver's own (`code`, `constraint`), not
 * TypeORM's wrapper. Writes, and reads that must see a transaction, go through `UnitOfWork`.
 */
@Injectable()
export class SqlReader implements SqlQueryable {
  private pool?: Pool;

  constructor(private readonly dataSource: DataSource) {}

  /** The rows `sql` returns, with `$1…` bound to `params` (the shape of `EntityManager.query`). */
  async query<Row = unknown>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    // TypeORM's PostgreSQL driver keeps its pg pool as `master` once the data source is up.
    this.pool ??= (this.dataSource.driver as unknown as { master: Pool }).master;
    const result = await this.pool.query(sql, params as unknown[] | undefined);
    return result.rows as Row[];
  }
}
