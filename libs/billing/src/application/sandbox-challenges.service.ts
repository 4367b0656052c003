import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError, type AuthUser } from '@etutors/platform';
import { PaymentNotConfirmableError } from '../billing.errors.js';
import { PaymentProvider } from '../domain/payment-provider.js';
import { PaymentRepository } from '../infrastructure/payment.repository.js';
import { SandboxPaymentProvider } from '../infrastructure/sandbox-payment.provider.js';

/** 3-D Secure challenges of the sandbox provider, completed by the payer. */
@Injectable()
export class SandboxChallengesService {
  constructor(
    private readonly provider: PaymentProvider,
    private readonly payments: PaymentRepository,
  ) {}

  async complete(payer: AuthUser, paymentId: string, approve: boolean): Promise<void> {
    if (!(this.provider instanceof SandboxPaymentProvider)) {
      throw new ResourceNotFoundError('payment');
    }
    const payment = await this.payments.findById(paymentId);
    if (!payment || payment.studentId !== payer.id) throw new ResourceNotFoundError('payment');
    if (payment.status !== 'requires_action') throw new PaymentNotConfirmableError(payment.status);
    await this.provider.authenticate(payment.providerPaymentId, approve);
  }
}
