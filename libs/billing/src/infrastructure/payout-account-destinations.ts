import { Injectable } from '@nestjs/common';
import type { SqlQueryable } from '@etutors/platform';
import type { PayoutDestination } from '../domain/payment-provider.js';
import { PayoutAccountEntity } from '../domain/payout-account.entity.js';
import { PayoutDestinations } from '../domain/payout-destinations.js';
import { DataCipher } from './data-cipher.js';
import { PayoutAccountRepository } from './payout-account.repository.js';

/** The `PayoutDestinations` port over tutors' payout accounts: the one place an IBAN is decrypted. */
@Injectable()
export class PayoutAccountDestinations extends PayoutDestinations {
  constructor(
    private readonly accounts: PayoutAccountRepository,
    private readonly cipher: DataCipher,
  ) {
    super();
  }

  async destinationOf(tutorId: string, via?: SqlQueryable): Promise<PayoutDestination | null> {
    const account = await this.accounts.payoutFields(tutorId, via);
    if (!account) return null;
    return {
      accountHolder: account.accountHolder,
      iban: this.cipher.open(
        { ciphertext: account.ibanCiphertext, keyId: account.ibanKeyId },
        PayoutAccountEntity.ibanContext(tutorId),
      ),
      stripeAccountId: account.stripeAccountId,
    };
  }
}
