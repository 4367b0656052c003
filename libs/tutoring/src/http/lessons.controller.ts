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
import { LessonsService } from '../application/lessons.service.js';
import {
  AlreadyReviewedError,
  LessonInvalidTransitionError,
  LessonNotCompletedError,
  LessonNotStartedError,
} from '../tutoring.errors.js';
import {
  CreateReviewDto,
  CreatedReviewDto,
  LessonDto,
  LessonNotesDto,
  LessonsQueryDto,
} from './tutoring.dto.js';

@ApiTags('tutoring')
@Controller('lessons')
export class LessonsController {
  constructor(private readonly lessons: LessonsService) {}

  @Get()
  @ApiOperation({
    summary: 'Your lessons',
    description:
      'As student or tutor; an admin sees all. A lesson appears when its booking is confirmed.',
  })
  @ApiPageResponse(LessonDto)
  list(@CurrentUser() user: AuthUser, @Query() query: LessonsQueryDto): Promise<Page<LessonDto>> {
    return this.lessons.list(user, {
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A lesson of yours' })
  @ApiOkResponse({ type: LessonDto })
  @ApiProblems(new ResourceNotFoundError('lesson'))
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: string): Promise<LessonDto> {
    return this.lessons.get(user, id);
  }

  @Roles('tutor')
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark your lesson completed',
    description: 'Only after it has started, and only a scheduled lesson.',
  })
  @ApiOkResponse({ type: LessonDto })
  @ApiProblems(
    new ResourceNotFoundError('lesson'),
    new LessonNotStartedError(),
    new LessonInvalidTransitionError('cancelled', 'completed'),
  )
  complete(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<LessonDto> {
    return this.lessons.complete(user, id);
  }

  @Roles('tutor')
  @Patch(':id/notes')
  @ApiOperation({ summary: 'Write your notes on a lesson you teach' })
  @ApiOkResponse({ type: LessonDto })
  @ApiProblems(new ResourceNotFoundError('lesson'))
  notes(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: LessonNotesDto,
  ): Promise<LessonDto> {
    return this.lessons.writeNotes(user, id, body.notes);
  }

  @Roles('student')
  @Post(':id/review')
  @ApiOperation({
    summary: 'Review a completed lesson of yours',
    description: 'Once per lesson; the tutor’s rating follows.',
  })
  @ApiCreatedResponse({ type: CreatedReviewDto })
  @ApiProblems(
    new ResourceNotFoundError('lesson'),
    new LessonNotCompletedError(),
    new AlreadyReviewedError(),
  )
  review(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: CreateReviewDto,
  ): Promise<CreatedReviewDto> {
    return this.lessons.review(user, id, body);
  }
}
