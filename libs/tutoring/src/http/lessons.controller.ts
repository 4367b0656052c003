import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, ApiProblems, CurrentUser, Roles, type AuthUser } from '@etutors/platform';
import { LessonsService } from '../application/lessons.service.js';
import {
  CreateReviewDto,
  CreatedReviewDto,
  LessonDto,
  LessonNotesDto,
  LessonsQueryDto,
} from './tutoring.dto.js';

@ApiTags('tutoring')
@ApiBearerAuth()
@Controller('lessons')
export class LessonsController {
  constructor(private readonly lessons: LessonsService) {}

  @Get()
  @ApiPageResponse(LessonDto)
  @ApiProblems(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() query: LessonsQueryDto) {
    return this.lessons.list(user, {
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
  }

  @Get(':id')
  @ApiOkResponse({ type: LessonDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.lessons.get(user, id);
  }

  @Roles('tutor')
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: LessonDto })
  @ApiProblems(401, 403, 404, 409)
  complete(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.lessons.complete(user, id);
  }

  @Roles('tutor')
  @Patch(':id/notes')
  @ApiOkResponse({ type: LessonDto })
  @ApiProblems(400, 401, 403, 404)
  notes(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: LessonNotesDto,
  ) {
    return this.lessons.writeNotes(user, id, body.notes);
  }

  @Roles('student')
  @Post(':id/review')
  @ApiCreatedResponse({ type: CreatedReviewDto })
  @ApiProblems(400, 401, 403, 404, 409)
  review(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateReviewDto,
  ) {
    return this.lessons.review(user, id, body);
  }
}
