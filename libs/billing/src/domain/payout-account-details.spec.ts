import {
  checkPayoutAccount,
  ibanProblem,
  normaliseIban,
  type PayoutAccountInput,
} from './payout-account-details.js';

describe('payout account details', () => {
  describe('ibanProblem', () => {
    it.each([
      ['DE89370400440532013000'],
      ['GB82WEST12345698765432'],
      ['FR1420041010050500013M02606'],
      ['de89 3704 0044 0532 0130 00'],
      [' GB82 WEST 1234 5698 7654 32 '],
      ['fr14-2004-1010-0505-0001-3m02-606'],
    ])('accepts %s', (iban) => {
      expect(ibanProblem(iban)).toBeNull();
    });

    it('says when the check digits do not match', () => {
      expect(ibanProblem('DE89370400440532013001')).toBe(
        'iban check digits do not match the rest of the number (mod 97): is it mistyped?',
      );
      expect(ibanProblem('DE98370400440532013000')).toMatch(/mod 97/);
    });

    it("says when the length is not the country's", () => {
      expect(ibanProblem('DE8937040044053201300')).toBe(
        'iban must have 22 characters for DE, not 21',
      );
      expect(ibanProblem('GB82WEST123456987654321')).toBe(
        'iban must have 22 characters for GB, not 23',
      );
    });

    it('says when the country does not use IBANs, or there is no country', () => {
      expect(ibanProblem('XX89370400440532013000')).toBe(
        'iban must start with the code of a country that uses IBANs; XX does not',
      );
      expect(ibanProblem('US64SVBKUS6S3300958879')).toMatch(/US does not/);
      expect(ibanProblem('1289370400440532013000')).toBe(
        'iban must start with a two-letter country code',
      );
      expect(ibanProblem('   ')).toBe('iban must not be empty');
    });

    it("says when the account number has characters the country's format forbids", () => {
      // A German account number is digits only.
      expect(ibanProblem('DE89370400440532O13000')).toBe(
        'iban has characters a DE account number cannot have',
      );
      expect(ibanProblem('DEAB370400440532013000')).toMatch(/check digits \(the 3rd and 4th/);
    });

    it('never repeats the number it refuses', () => {
      for (const iban of ['DE89370400440532013001', 'DE8937040044053201300', 'XX8937040044']) {
        expect(ibanProblem(iban)).not.toContain('0532013');
      }
    });
  });

  it('normalises to electronic format', () => {
    expect(normaliseIban(' fr14 2004\u00a01010-0505 0001 3m02 606 ')).toBe(
      'FR1420041010050500013M02606',
    );
  });

  describe('checkPayoutAccount', () => {
    const valid: PayoutAccountInput = {
      accountHolder: '  Ada Lovelace ',
      iban: 'fr14 2004 1010 0505 0001 3m02 606',
    };

    it('normalises the details and derives the country and last four characters', () => {
      expect(checkPayoutAccount(valid)).toEqual({
        details: {
          accountHolder: 'Ada Lovelace',
          iban: 'FR1420041010050500013M02606',
          country: 'FR',
          ibanLast4: '2606',
          stripeAccountId: null,
        },
      });
      expect(checkPayoutAccount({ ...valid, stripeAccountId: 'acct_1Nv0FGQ9RKHgCVdK' })).toEqual({
        details: expect.objectContaining({ stripeAccountId: 'acct_1Nv0FGQ9RKHgCVdK' }),
      });
    });

    it('lists every problem by field', () => {
      expect(
        checkPayoutAccount({
          accountHolder: '   ',
          iban: 'DE89370400440532013001',
          stripeAccountId: 'ba_123',
        }),
      ).toEqual({
        problems: [
          { field: 'accountHolder', message: 'accountHolder must not be empty' },
          { field: 'iban', message: expect.stringMatching(/mod 97/) },
          { field: 'stripeAccountId', message: 'stripeAccountId must look like acct_…' },
        ],
      });
    });

    it('allows an account holder of 140 characters, not 141', () => {
      expect(checkPayoutAccount({ ...valid, accountHolder: 'A'.repeat(140) }).problems).toBe(
        undefined,
      );
      expect(checkPayoutAccount({ ...valid, accountHolder: 'A'.repeat(141) }).problems).toEqual([
        { field: 'accountHolder', message: 'accountHolder must be at most 140 characters' },
      ]);
    });
  });
});
