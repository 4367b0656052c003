import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Whatever runs one SQL statement: `SqlReader`, or a transaction's `EntityManager`. */
export interface SqlQueryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * The one way to read with plain SQL outside a transaction: one statement on a pooled
 * connection, through TypeORM's public `DataSource.query` (so its logging and pool handling
 * apply). Failures are TypeORM's `QueryFailedError`; `pgError()` reads the SQLSTATE and
 * constraint from it. Writes, and reads that must see a transaction, go through `UnitOfWork`.
 */
@Injectable()
export class SqlReader implements SqlQueryable {
  constructor(private readonly dataSource: DataSource) {}

  /** The rows `sql` returns, with `$1…` bound to `params`. */
  query<Row = unknown>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.dataSource.query<Row[]>(sql, params as unknown[] | undefined);
  }
}
