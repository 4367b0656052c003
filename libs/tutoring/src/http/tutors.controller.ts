import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  PageQueryDto,
  Public,
  Roles,
  type AuthUser,
} from '@etutors/platform';
import { TutorDirectoryService } from '../application/tutor-directory.service.js';
import { TutorProfilesService } from '../application/tutor-profiles.service.js';
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
  @ApiBearerAuth()
  @ApiOkResponse({
    type: TutorProfileDto,
    description: 'A new or edited profile waits for approval',
  })
  @ApiProblems(400, 401, 403)
  write(@CurrentUser() user: AuthUser, @Body() body: WriteTutorProfileDto) {
    const { hourlyRate, ...fields } = body;
    return this.profiles.write(user, {
      ...fields,
      hourlyRateAmount: hourlyRate.amount,
      currency: hourlyRate.currency,
    });
  }

  @Roles('tutor')
  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: TutorProfileDto })
  @ApiProblems(401, 403, 404)
  mine(@CurrentUser() user: AuthUser) {
    return this.profiles.mine(user);
  }

  @Public()
  @Get()
  @ApiPageResponse(PublicTutorDto)
  @ApiProblems(400)
  search(@Query() query: TutorSearchQueryDto) {
    return this.directory.search(query);
  }

  @Public()
  @Get(':id')
  @ApiOkResponse({ type: PublicTutorDto })
  @ApiProblems(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.directory.approved(id);
  }

  @Public()
  @Get(':id/reviews')
  @ApiPageResponse(ReviewDto)
  @ApiProblems(400, 404)
  reviews(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto) {
    return this.directory.reviews(id, query);
  }
}

@ApiTags('tutoring')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/tutors')
export class AdminTutorsController {
  constructor(private readonly profiles: TutorProfilesService) {}

  @Get()
  @ApiPageResponse(TutorProfileDto)
  @ApiProblems(400, 401, 403)
  list(@Query() query: AdminTutorsQueryDto) {
    return this.profiles.listForReview(query.status, query);
  }

  @Patch(':id')
  @ApiOkResponse({ type: TutorProfileDto })
  @ApiProblems(400, 401, 403, 404, 409)
  review(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReviewTutorDto,
  ) {
    return this.profiles.review(admin, id, body.status, body.note ?? null);
  }
}
