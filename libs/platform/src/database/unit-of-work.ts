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
type BeforeCommitListener = (tx: Transaction) => Promise<void>;

/**
 * Opens transactions, lets interested parties write what they gathered just before a commit (the
 * user feed, whose positions are locks best taken last), and tells them when one committed (the
 * outbox relay). Reads
 * that are not part of a change do not need one: under READ COMMITTED a transaction only adds a
 * BEGIN and a COMMIT round trip (each statement sees its own snapshot either way).
 */
@Injectable()
export class UnitOfWork {
  private readonly commitListeners: CommitListener[] = [];
  private readonly beforeCommitListeners: BeforeCommitListener[] = [];

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction, then the before-commit listeners in it; commits if they all
   * resolve, rolls back if anything throws.
   */
  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let tx: Transaction | undefined;
    const result = await this.dataSource.transaction(async (manager) => {
      tx = { manager } as Transaction;
      const value = await work(tx);
      for (const listener of this.beforeCommitListeners) await listener(tx);
      return value;
    });
    const commit = { wroteEvents: wroteEvents(tx!), transaction: tx! };
    for (const listener of this.commitListeners) listener(commit);
    return result;
  }

  onCommit(listener: CommitListener): void {
    this.commitListeners.push(listener);
  }

  /** `listener` runs at the end of every transaction's work, inside it, before the commit. */
  beforeCommit(listener: BeforeCommitListener): void {
    this.beforeCommitListeners.push(listener);
  }
}
