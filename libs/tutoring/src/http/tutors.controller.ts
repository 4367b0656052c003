import { Body, Controller, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  PageQueryDto,
  ParseIdPipe,
  Public,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
  type Page,
} from '@etutors/platform';
import { TutorDirectoryService } from '../application/tutor-directory.service.js';
import { TutorProfilesService } from '../application/tutor-profiles.service.js';
import {
  CurrencyNotSupportedError,
  NothingToReviewError,
  UnknownSubjectsError,
} from '../tutoring.errors.js';
import {
  AdminTutorsQueryDto,
  PublicTutorDto,
  ReviewDto,
  ReviewTutorDto,
  TutorProfileDto,
  TutorSearchQueryDto,
  WriteTutorProfileDto,
} from './tutoring.dto.js';

@ApiTags('tutoring')
@Controller('tutors')
export class TutorsController {
  constructor(
    private readonly profiles: TutorProfilesService,
    private readonly directory: TutorDirectoryService,
  ) {}

  @Roles('tutor')
  @Put('me')
  @ApiOperation({
    summary: 'Write your tutor profile',
    description:
      'A first profile is `pending` until an admin approves it; an edit of an approved profile becomes a pending revision while the approved one stays public.',
  })
  @ApiOkResponse({
    type: TutorProfileDto,
    description: 'A new or edited profile waits for approval',
  })
  @ApiProblems(
    new UnknownSubjectsError(['0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']),
    new CurrencyNotSupportedError('JPY', ['USD', 'EUR', 'GBP']),
  )
  write(
    @CurrentUser() user: AuthUser,
    @Body() body: WriteTutorProfileDto,
  ): Promise<TutorProfileDto> {
    const { hourlyRate, ...fields } = body;
    return this.profiles.write(user, {
      ...fields,
      hourlyRateAmount: hourlyRate.amount,
      currency: hourlyRate.currency,
    });
  }

  @Roles('tutor')
  @Get('me')
  @ApiOperation({ summary: 'Your tutor profile, with its review status' })
  @ApiOkResponse({ type: TutorProfileDto })
  @ApiProblems(new ResourceNotFoundError('tutor'))
  mine(@CurrentUser() user: AuthUser): Promise<TutorProfileDto> {
    return this.profiles.mine(user);
  }

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Search approved tutors',
    description:
      'Filter by subject slug, rate range (minor units), language, minimum rating and free text `q`; sort by rating or price.',
  })
  @ApiPageResponse(PublicTutorDto)
  search(@Query() query: TutorSearchQueryDto): Promise<Page<PublicTutorDto>> {
    return this.directory.search(query);
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'An approved tutor’s public profile' })
  @ApiOkResponse({ type: PublicTutorDto })
  @ApiProblems(new ResourceNotFoundError('tutor'))
  get(@Param('id', ParseIdPipe) id: string): Promise<PublicTutorDto> {
    return this.directory.approved(id);
  }

  @Public()
  @Get(':id/reviews')
  @ApiOperation({ summary: 'Reviews of an approved tutor, newest first' })
  @ApiPageResponse(ReviewDto)
  @ApiProblems(new ResourceNotFoundError('tutor'))
  reviews(
    @Param('id', ParseIdPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<ReviewDto>> {
    return this.directory.reviews(id, query);
  }
}

@ApiTags('tutoring')
@Roles('admin')
@Controller('admin/tutors')
export class AdminTutorsController {
  constructor(private readonly profiles: TutorProfilesService) {}

  @Get()
  @ApiOperation({
    summary: 'Tutor profiles to review',
    description: 'Filter by status; each profile carries its pending revision, if any.',
  })
  @ApiPageResponse(TutorProfileDto)
  list(@Query() query: AdminTutorsQueryDto): Promise<Page<TutorProfileDto>> {
    return this.profiles.listForReview(query.status, query);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Approve or reject a tutor profile or its pending revision',
    description: 'The note reaches the tutor. Nothing waiting for review is a 409.',
  })
  @ApiOkResponse({ type: TutorProfileDto })
  @ApiProblems(new ResourceNotFoundError('tutor'), new NothingToReviewError())
  review(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: ReviewTutorDto,
  ): Promise<TutorProfileDto> {
    return this.profiles.review(admin, id, body.status, body.note ?? null);
  }
}
