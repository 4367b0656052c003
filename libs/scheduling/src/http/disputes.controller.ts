import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
  type Page,
} from '@etutors/platform';
import { DisputesService, type Resolution } from '../application/disputes.service.js';
import {
  CaseAlreadyOpenError,
  DisputeInvalidTransitionError,
  DisputeNotContestableError,
  InvalidRefundAmountError,
  InvalidTransitionError,
  LessonNotHeldError,
  OutsideWindowError,
  ParticipantsOnlyError,
} from '../scheduling.errors.js';
import {
  AbsenceReportDto,
  ContestDisputeDto,
  DecideDisputeDto,
  DisputeDto,
  DisputesQueryDto,
  NoShowDto,
  OpenDisputeDto,
  ReportTutorAbsentDto,
  ResolveDisputeDto,
} from './disputes.dto.js';

const ABSENCE_WINDOW = [
  new OutsideWindowError('no_show', 'too_early'),
  new OutsideWindowError('no_show', 'too_late'),
];
const RESOLVE_PROBLEMS = [
  new ResourceNotFoundError('dispute'),
  new DisputeInvalidTransitionError('resolved', 'resolved'),
  new InvalidRefundAmountError(6000),
];

/**
 * No-shows and the cases about lessons. The tutor marks the student absent; the student reports
 * the tutor absent (refunded in full unless the tutor contests within 72 h) or disputes a lesson
 * within 72 h of its end; an admin resolves with a full, partial or no refund.
 */
@ApiTags('scheduling')
@Controller()
export class DisputesController {
  constructor(private readonly disputes: DisputesService) {}

  @Post('bookings/:id/no-show')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report that the other side did not come',
    description:
      'From the lesson’s start until 24 h after its end. The tutor marks the student absent: the booking and its lesson become `no_show`, nothing is refunded and the tutor is paid as for a completed lesson. The student reports the tutor absent: a case opens (as `POST /bookings/{id}/report-tutor-absent`), refunded in full unless the tutor contests within 72 h.',
  })
  @ApiOkResponse({ type: NoShowDto })
  @ApiProblems(
    new ResourceNotFoundError('booking'),
    new ParticipantsOnlyError(),
    new InvalidTransitionError('cancelled', 'no_show'),
    new CaseAlreadyOpenError(),
    new LessonNotHeldError('cancelled'),
    ...ABSENCE_WINDOW,
  )
  reportAbsence(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: AbsenceReportDto,
  ): Promise<NoShowDto> {
    return this.disputes.reportAbsence(user, id, body.reason ?? null);
  }

  @Roles('student')
  @Post('bookings/:id/report-tutor-absent')
  @ApiOperation({
    summary: 'Report that your tutor did not come',
    description:
      'From the lesson’s start until 24 h after its end. The payment is not released meanwhile; unless the tutor contests within 72 h the lesson is refunded in full, otherwise an admin decides.',
  })
  @ApiCreatedResponse({ type: DisputeDto, description: 'the case, `open`' })
  @ApiProblems(
    new ResourceNotFoundError('booking'),
    new CaseAlreadyOpenError(),
    new LessonNotHeldError('cancelled'),
    ...ABSENCE_WINDOW,
  )
  reportTutorAbsent(
    @CurrentUser() student: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: ReportTutorAbsentDto,
  ): Promise<DisputeDto> {
    return this.disputes.reportTutorAbsent(student, id, body.reason);
  }

  @Roles('student')
  @Post('bookings/:id/disputes')
  @ApiOperation({
    summary: 'Dispute a lesson of yours',
    description:
      'From the lesson’s end until 72 h after it. The payment is not released meanwhile; an admin resolves the dispute with a full, partial or no refund.',
  })
  @ApiCreatedResponse({ type: DisputeDto, description: 'the dispute, `open`' })
  @ApiProblems(
    new ResourceNotFoundError('booking'),
    new CaseAlreadyOpenError(),
    new LessonNotHeldError('cancelled'),
    new OutsideWindowError('dispute', 'too_early'),
    new OutsideWindowError('dispute', 'too_late'),
  )
  openDispute(
    @CurrentUser() student: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: OpenDisputeDto,
  ): Promise<DisputeDto> {
    return this.disputes.openDispute(student, id, {
      reason: body.reason,
      details: body.details ?? null,
    });
  }

  @Get('bookings/:id/disputes')
  @ApiOperation({ summary: 'The cases about a booking of yours', description: 'Oldest first.' })
  @ApiOkResponse({ type: [DisputeDto] })
  @ApiProblems(new ResourceNotFoundError('booking'))
  forBooking(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<DisputeDto[]> {
    return this.disputes.forBooking(user, id);
  }

  @Get('disputes/:id')
  @ApiOperation({ summary: 'A case about a booking of yours' })
  @ApiOkResponse({ type: DisputeDto })
  @ApiProblems(new ResourceNotFoundError('dispute'))
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: string): Promise<DisputeDto> {
    return this.disputes.get(user, id);
  }

  @Roles('tutor')
  @Post('disputes/:id/contest')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Contest a report that you did not come',
    description: 'Within 72 h of the report; an admin then decides.',
  })
  @ApiOkResponse({ type: DisputeDto, description: 'the case, `contested`' })
  @ApiProblems(
    new ResourceNotFoundError('dispute'),
    new DisputeNotContestableError(),
    new DisputeInvalidTransitionError('resolved', 'contested'),
    new OutsideWindowError('contest', 'too_late'),
  )
  contest(
    @CurrentUser() tutor: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: ContestDisputeDto,
  ): Promise<DisputeDto> {
    return this.disputes.contest(tutor, id, body.reason);
  }

  @Roles('admin')
  @Get('admin/disputes')
  @ApiOperation({ summary: 'Every case, oldest first', description: 'Filter by status.' })
  @ApiPageResponse(DisputeDto)
  list(@Query() query: DisputesQueryDto): Promise<Page<DisputeDto>> {
    return this.disputes.list(query);
  }

  @Roles('admin')
  @Post('admin/disputes/:id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resolve a case',
    description:
      'A full refund gives back the lesson’s price, a partial one `refundAmount` (less than the price), none nothing; the payment’s hold is lifted either way.',
  })
  @ApiOkResponse({ type: DisputeDto, description: 'the case, `resolved`' })
  @ApiProblems(...RESOLVE_PROBLEMS)
  resolve(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: ResolveDisputeDto,
  ): Promise<DisputeDto> {
    return this.decide(admin, id, { resolution: body.resolution, refundAmount: body.refundAmount });
  }

  @Roles('admin')
  @Patch('admin/disputes/:id')
  @ApiOperation({
    summary: 'Resolve a case (API.md’s form)',
    description:
      'The same decision as `POST /admin/disputes/{id}/resolve`, as `{outcome, amount?}`.',
  })
  @ApiOkResponse({ type: DisputeDto, description: 'the case, `resolved`' })
  @ApiProblems(...RESOLVE_PROBLEMS)
  decideByPatch(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: DecideDisputeDto,
  ): Promise<DisputeDto> {
    return this.decide(admin, id, {
      resolution: body.outcome,
      refundAmount: body.amount,
      amountField: 'amount',
    });
  }

  private decide(admin: AuthUser, id: string, decision: Resolution): Promise<DisputeDto> {
    return this.disputes.resolve(admin, id, decision);
  }
}
