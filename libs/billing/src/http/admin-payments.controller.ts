import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblems,
  CurrentUser,
  Idempotent,
  ParseIdPipe,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
} from '@etutors/platform';
import { RefundsService } from '../application/refunds.service.js';
import {
  PaymentNotRefundableError,
  RefundExceedsCapturedError,
  SeriesChargeNotRefundableError,
} from '../billing.errors.js';
import { CreateRefundDto, RefundDto, refundView } from './billing.dto.js';

@ApiTags('admin')
@Controller('admin/payments')
export class AdminPaymentsController {
  constructor(private readonly refunds: RefundsService) {}

  @Roles('admin')
  @Idempotent()
  @Post(':id/refunds')
  @ApiOperation({
    summary: 'Refund part or all of a payment',
    description:
      'Gives money back through the provider and reverses the tutor share and the platform fee proportionally. The total refunded never exceeds the captured amount.',
  })
  @ApiCreatedResponse({ type: RefundDto })
  @ApiProblems(
    new ResourceNotFoundError('payment'),
    new PaymentNotRefundableError('requires_confirmation'),
    new RefundExceedsCapturedError(1500),
    new SeriesChargeNotRefundableError(),
  )
  async refund(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: CreateRefundDto,
  ): Promise<RefundDto> {
    return refundView(await this.refunds.refundByAdmin(admin, id, body.amount, body.reason));
  }
}
