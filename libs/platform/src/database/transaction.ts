import type { EntityManager } from 'typeorm';

declare const transactionBrand: unique symbol;

/**
 * A running database transaction. Only {@link UnitOfWork.run} creates one, so anything that
 * demands a `Transaction` (publishing an event, for one) cannot be called outside a transaction:
 * it is a type error, not a runtime surprise.
 */
export interface Transaction {
  readonly manager: EntityManager;
  readonly [transactionBrand]: true;
}

const transactionsWithEvents = new WeakSet<Transaction>();

/** Notes that an event was written to the outbox in this transaction (the event bus does). */
export const noteEventWritten = (tx: Transaction) => void transactionsWithEvents.add(tx);

/** Whether this transaction wrote any event to the outbox. */
export const wroteEvents = (tx: Transaction) => transactionsWithEvents.has(tx);
