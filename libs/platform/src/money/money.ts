/** An amount of money: integer minor units (cents) of an ISO 4217 currency. Never a float. */
export interface Money {
  amount: number;
  currency: string;
}

/** The shape a currency code is stored and sent in: three capital letters. */
export const CURRENCY_CODE = /^[A-Z]{3}$/;

export const money = (amount: number, currency: string): Money => ({ amount, currency });
