import { Injectable } from '@nestjs/common';
import { Clock, EventBus, UnitOfWork, type AuthUser } from '@etutors/platform';
import { InvalidPayoutAccountError, PayoutAccountNotFoundError } from '../billing.errors.js';
import {
  checkPayoutAccount,
  type PayoutAccountDetails,
  type PayoutAccountInput,
} from '../domain/payout-account-details.js';
import { PayoutAccountEntity } from '../domain/payout-account.entity.js';
import { PayoutAccountChanged } from '../events.js';
import { DataCipher } from '../infrastructure/data-cipher.js';
import { PayoutAccountRepository } from '../infrastructure/payout-account.repository.js';

/** A tutor's own payout account: set (the IBAN encrypted on the way in) and read (never the IBAN). */
@Injectable()
export class PayoutAccountsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly accounts: PayoutAccountRepository,
    private readonly cipher: DataCipher,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  /** Adds the tutor's payout account or replaces its details; tells the tutor when they changed. */
  async put(tutor: AuthUser, input: PayoutAccountInput): Promise<PayoutAccountEntity> {
    const checked = checkPayoutAccount(input);
    if (checked.problems) throw new InvalidPayoutAccountError(checked.problems);
    const { details } = checked;
    return this.unitOfWork.run(async (tx) => {
      const now = this.clock.now();
      const existing = await this.accounts.lock(tx, tutor.id);
      const changed = !existing || this.differ(existing, details);
      const iban = this.cipher.seal(details.iban, PayoutAccountEntity.ibanContext(tutor.id));
      const account = existing ?? PayoutAccountEntity.open(tutor.id, details, iban, now);
      if (existing) existing.replace(details, iban, now);
      await this.accounts.save(tx, account);
      if (changed) {
        await this.events.publish(tx, PayoutAccountChanged, {
          aggregateId: tutor.id,
          actorId: tutor.id,
          payload: {
            tutorId: tutor.id,
            ibanLast4: details.ibanLast4,
            country: details.country,
            added: !existing,
          },
        });
      }
      return account;
    });
  }

  async get(tutor: AuthUser): Promise<PayoutAccountEntity> {
    const account = await this.accounts.find(tutor.id);
    if (!account) throw new PayoutAccountNotFoundError();
    return account;
  }

  /** Whether `details` say something else than the stored account (its IBAN compared decrypted). */
  private differ(account: PayoutAccountEntity, details: PayoutAccountDetails): boolean {
    if (
      account.accountHolder !== details.accountHolder ||
      account.stripeAccountId !== details.stripeAccountId ||
      account.ibanLast4 !== details.ibanLast4
    )
      return true;
    try {
      return (
        this.cipher.open(
          account.encryptedIban,
          PayoutAccountEntity.ibanContext(account.tutorId),
        ) !== details.iban
      );
    } catch {
      // Unreadable (under a key no longer configured): the new details replace it either way.
      return true;
    }
  }
}
