import { DomainError } from '@etutors/platform';

export class BookingNotPayableError extends DomainError {
  readonly code = 'payment.booking_not_payable';
  readonly kind = 'unprocessable' as const;
  constructor(reason: 'not_pending_payment' | 'hold_expired') {
    super(
      reason === 'hold_expired'
        ? 'The hold on this booking has run out; book the slot again'
        : 'This booking is not waiting for a payment',
      { reason },
    );
  }
}

export class BookingAlreadyPaidError extends DomainError {
  readonly code = 'payment.booking_already_paid';
  readonly kind = 'conflict' as const;
  constructor(paymentId: string) {
    super('This booking is already paid', { paymentId });
  }
}

export class PaymentNotConfirmableError extends DomainError {
  readonly code = 'payment.not_confirmable';
  readonly kind = 'conflict' as const;
  constructor(status: string) {
    super(`A payment that is ${status.replace('_', ' ')} cannot be confirmed`, {
      paymentStatus: status,
    });
  }
}

export class UnknownPaymentMethodError extends DomainError {
  readonly code = 'payment.unknown_method';
  readonly kind = 'unprocessable' as const;
  constructor(method: string) {
    super(`Unknown payment method "${method}"`);
  }
}

export class PaymentNotRefundableError extends DomainError {
  readonly code = 'refund.payment_not_captured';
  readonly kind = 'conflict' as const;
  constructor(status: string) {
    super(`A payment that is ${status.replace('_', ' ')} has nothing to refund`, {
      paymentStatus: status,
    });
  }
}

export class RefundExceedsCapturedError extends DomainError {
  readonly code = 'refund.exceeds_captured';
  readonly kind = 'unprocessable' as const;
  constructor(refundable: number) {
    super(`At most ${refundable} (minor units) of this payment can still be refunded`, {
      refundable,
    });
  }
}

export class WebhookSignatureError extends DomainError {
  readonly code = 'webhook.signature_invalid';
  readonly kind = 'invalid' as const;
  constructor(why: string) {
    super(`The webhook signature could not be verified: ${why}`);
  }
}

export class WebhookPayloadError extends DomainError {
  readonly code = 'webhook.payload_invalid';
  readonly kind = 'invalid' as const;
  constructor(why: string) {
    super(`The webhook body is not an event we can read: ${why}`);
  }
}

export class PayoutAccountNotFoundError extends DomainError {
  readonly code = 'payout_account.not_found';
  readonly kind = 'not_found' as const;
  constructor() {
    super('No payout account yet: PUT /tutors/me/payout-account to add one');
  }
}

/** Payout details that break the rule of `checkPayoutAccount`, by field (as a request's validation errors). */
export class InvalidPayoutAccountError extends DomainError {
  readonly code = 'payout_account.invalid';
  readonly kind = 'invalid' as const;
  constructor(errors: { field: string; message: string }[]) {
    super('The payout account details are not valid', { errors });
  }
}

export class StatementMonthInFutureError extends DomainError {
  readonly code = 'statement.month_in_future';
  readonly kind = 'invalid' as const;
  constructor(month: string, currentMonth: string) {
    const message = `month must not be after the current month (${currentMonth})`;
    super(`There is no statement for ${month} yet: ${message}`, {
      errors: [{ field: 'month', message }],
    });
  }
}

export class PayoutRunNotFoundError extends DomainError {
  readonly code = 'payout_run.not_found';
  readonly kind = 'not_found' as const;
  constructor() {
    super('Payout run not found');
  }
}

export class PayoutNotFoundError extends DomainError {
  readonly code = 'payout.not_found';
  readonly kind = 'not_found' as const;
  constructor() {
    super('Payout not found');
  }
}

/** Only a payout still pending can be given up: a sent or failed one is settled. */
export class PayoutNotPendingError extends DomainError {
  readonly code = 'payout.not_pending';
  readonly kind = 'conflict' as const;
  constructor(status = 'sent') {
    super(`The payout is ${status}, not pending: there is nothing to give up.`);
  }
}

/** A booking of a weekly series is paid with its series (`POST /payments` with `seriesId`). */
export class SeriesBookingPaidAloneError extends DomainError {
  readonly code = 'payment.series_booking';
  readonly kind = 'unprocessable' as const;
  constructor(seriesId: string) {
    super('This booking is part of a weekly series: pay the series', { seriesId });
  }
}

/** An occurrence's payment follows its series' charge; it is not confirmed on its own. */
export class SeriesPaymentPartError extends DomainError {
  readonly code = 'payment.part_of_series';
  readonly kind = 'unprocessable' as const;
  constructor(seriesPaymentId: string) {
    super('This payment is part of a series’ payment: confirm that one', { seriesPaymentId });
  }
}

/** A series' charge is refunded lesson by lesson, through each occurrence's payment. */
export class SeriesChargeNotRefundableError extends DomainError {
  readonly code = 'refund.series_charge';
  readonly kind = 'unprocessable' as const;
  constructor() {
    super('A series’ payment is refunded through the payment of each of its lessons');
  }
}

/** Exactly one of `bookingId` and `seriesId` says what is paid for. */
export class PaymentTargetError extends DomainError {
  readonly code = 'payment.target';
  readonly kind = 'invalid' as const;
  constructor() {
    super('Give exactly one of bookingId and seriesId', {
      errors: [{ field: 'bookingId', message: 'exactly one of bookingId and seriesId' }],
    });
  }
}
