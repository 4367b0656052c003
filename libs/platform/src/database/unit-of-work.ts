import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Transaction } from './transaction.js';

type CommitListener = () => void;

/** Opens transactions and tells interested parties (the outbox relay) when one committed. */
@Injectable()
export class UnitOfWork {
  private readonly commitListeners: CommitListener[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction; commits if it resolves, rolls back if it throws. */
  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction((manager) => work({ manager } as Transaction));
    for (const listener of this.commitListeners) listener();
    return result;
  }

  onCommit(listener: CommitListener): void {
    this.commitListeners.push(listener);
  }
}
