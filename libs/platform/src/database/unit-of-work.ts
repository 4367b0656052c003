import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { wroteEvents, type Transaction } from './transaction.js';

/** What a commit listener learns about the transaction that just committed. */
export interface Commit {
  /** It wrote events to the outbox: a relay has work. */
  wroteEvents: boolean;
  /** The transaction itself, for listeners that noted what it did (keyed by it). */
  transaction: Transaction;
}

type CommitListener = (commit: Commit) => void;

/**
 * Opens transactions and tells interested parties (the outbox relay) when one committed. Reads
 * that are not part of a change do not need one: under READ COMMITTED a transaction only adds a
 * BEGIN and a COMMIT round trip (each statement sees its own snapshot either way).
 */
@Injectable()
export class UnitOfWork {
  private readonly commitListeners: CommitListener[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction; commits if it resolves, rolls back if it throws. */
  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let tx: Transaction | undefined;
    const result = await this.dataSource.transaction((manager) => {
      tx = { manager } as Transaction;
      return work(tx);
    });
    const commit = { wroteEvents: wroteEvents(tx!), transaction: tx! };
    for (const listener of this.commitListeners) listener(commit);
    return result;
  }

  onCommit(listener: CommitListener): void {
    this.commitListeners.push(listener);
  }
}
