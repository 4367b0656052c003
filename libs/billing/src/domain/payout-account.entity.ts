import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PayoutAccountDetails } from './payout-account-details.js';

/** An IBAN as stored: encrypted, with the id of the key it is under. */
export interface EncryptedIban {
  ciphertext: string;
  keyId: string;
}

/**
 * Where a tutor's payouts go (one account per tutor). The IBAN is held only encrypted; its last
 * four characters and country are what the tutor is shown.
 */
@Entity({ schema: 'billing', name: 'payout_accounts' })
export class PayoutAccountEntity {
  @PrimaryColumn('uuid') tutorId: string;
  @Column('text') accountHolder: string;
  @Column('text') ibanCiphertext: string;
  @Column('text') ibanKeyId: string;
  @Column('text') ibanLast4: string;
  @Column('text') country: string;
  @Column('text', { nullable: true }) stripeAccountId: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;

  /**
   * The associated data the IBAN is encrypted with: it binds the ciphertext to this tutor's row,
   * so one copied to another tutor's does not decrypt.
   */
  static ibanContext(tutorId: string): string {
    return `payout_accounts.iban:${tutorId}`;
  }

  /** The tutor's first payout account. */
  static open(
    tutorId: string,
    details: PayoutAccountDetails,
    iban: EncryptedIban,
    now: Date,
  ): PayoutAccountEntity {
    const account = Object.assign(new PayoutAccountEntity(), { tutorId, createdAt: now });
    account.replace(details, iban, now);
    return account;
  }

  /** New details replace the old ones entirely (an absent Stripe account id clears it). */
  replace(details: PayoutAccountDetails, iban: EncryptedIban, now: Date): void {
    Object.assign(this, {
      accountHolder: details.accountHolder,
      ibanCiphertext: iban.ciphertext,
      ibanKeyId: iban.keyId,
      ibanLast4: details.ibanLast4,
      country: details.country,
      stripeAccountId: details.stripeAccountId,
      updatedAt: now,
    } satisfies Partial<PayoutAccountEntity>);
  }

  get encryptedIban(): EncryptedIban {
    return { ciphertext: this.ibanCiphertext, keyId: this.ibanKeyId };
  }
}
