import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  Idempotent,
  PageQueryDto,
  ParseIdPipe,
  ResourceNotFoundError,
  Roles,
  toPage,
  type AuthUser,
} from '@etutors/platform';
import { PaymentsService } from '../application/payments.service.js';
import {
  BookingAlreadyPaidError,
  BookingNotPayableError,
  PaymentNotConfirmableError,
  PaymentTargetError,
  SeriesBookingPaidAloneError,
  SeriesPaymentPartError,
  UnknownPaymentMethodError,
} from '../billing.errors.js';
import { ConfirmPaymentDto, CreatePaymentDto, PaymentDto, paymentView } from './billing.dto.js';

@ApiTags('billing')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Roles('student')
  @Idempotent()
  @Post()
  @ApiOperation({
    summary: 'Start paying for a booking or a weekly series',
    description:
      'For a pending_payment booking of the caller whose hold has not run out (`bookingId`; the amount is the booking’s price), or for a weekly series (`seriesId`; one charge for the prices of its occurrences still pending payment — confirmed, each occurrence is confirmed and has a payment of its own, `seriesPaymentId`, that carries its refunds and release). A booking of a series is paid with its series (422). 201 with a new payment; 200 with the payment already open for the booking or series.',
  })
  @ApiCreatedResponse({ type: PaymentDto, description: 'a new payment' })
  @ApiOkResponse({
    type: PaymentDto,
    description: 'the payment already open for this booking or series',
  })
  @ApiProblems(
    new ResourceNotFoundError('booking'),
    new ResourceNotFoundError('series'),
    new BookingAlreadyPaidError('0190a0c0-0000-7000-8000-000000000000'),
    new BookingNotPayableError('hold_expired'),
    new SeriesBookingPaidAloneError('0190a0c0-0000-7000-8000-000000000001'),
    new PaymentTargetError(),
  )
  async create(
    @CurrentUser() student: AuthUser,
    @Body() body: CreatePaymentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentDto> {
    if ((body.bookingId === undefined) === (body.seriesId === undefined))
      throw new PaymentTargetError();
    const { payment, created } = body.seriesId
      ? await this.payments.createForSeries(student, body.seriesId)
      : await this.payments.create(student, body.bookingId!);
    void reply.status(created ? 201 : 200);
    return paymentView(payment, student);
  }

  @Roles('student')
  @Idempotent()
  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm a payment with a payment method',
    description:
      'Charges the payment method at the provider: succeeded (the booking is confirmed and its lesson created), failed (with the decline reason; the booking stays payable until its hold ends) or requires_action.',
  })
  @ApiOkResponse({ type: PaymentDto })
  @ApiProblems(
    new ResourceNotFoundError('payment'),
    new PaymentNotConfirmableError('succeeded'),
    new UnknownPaymentMethodError('pm_unknown'),
    new SeriesPaymentPartError('0190a0c0-0000-7000-8000-000000000002'),
  )
  async confirm(
    @CurrentUser() payer: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: ConfirmPaymentDto,
  ): Promise<PaymentDto> {
    return paymentView(await this.payments.confirm(payer, id, body.paymentMethod), payer);
  }

  @Get()
  @ApiOperation({
    summary: 'List payments',
    description: 'Your own payments, newest first; admins see all.',
  })
  @ApiPageResponse(PaymentDto)
  async list(@CurrentUser() viewer: AuthUser, @Query() query: PageQueryDto) {
    const page = await this.payments.list(viewer, query);
    return toPage(
      page.data.map((payment) => paymentView(payment, viewer)),
      page.meta.total,
      query,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a payment', description: 'The payer’s own, or any for an admin.' })
  @ApiOkResponse({ type: PaymentDto })
  @ApiProblems(new ResourceNotFoundError('payment'))
  async get(
    @CurrentUser() viewer: AuthUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<PaymentDto> {
    return paymentView(await this.payments.get(viewer, id), viewer);
  }
}
