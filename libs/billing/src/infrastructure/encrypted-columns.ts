import { PayoutAccountEntity } from '../domain/payout-account.entity.js';

/** A column of values encrypted with `DataCipher`, beside the column of their key ids. */
export interface EncryptedColumn {
  /** How reports name it. */
  name: string;
  table: string;
  idColumn: string;
  ciphertextColumn: string;
  keyIdColumn: string;
  /** The associated data a row's value is sealed with. */
  context(rowId: string): string;
}

/** Every encrypted column: what a key rotation re-encrypts. */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  {
    name: 'billing.payout_accounts.iban',
    table: 'billing.payout_accounts',
    idColumn: 'tutor_id',
    ciphertextColumn: 'iban_ciphertext',
    keyIdColumn: 'iban_key_id',
    context: (tutorId) => PayoutAccountEntity.ibanContext(tutorId),
  },
];
