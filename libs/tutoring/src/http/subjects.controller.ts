import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  Public,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
} from '@etutors/platform';
import { SubjectsService } from '../application/subjects.service.js';
import { SubjectInUseError, SubjectSlugTakenError } from '../tutoring.errors.js';
import { CreateSubjectDto, SubjectDto, UpdateSubjectDto } from './tutoring.dto.js';

@ApiTags('tutoring')
@Controller('subjects')
export class SubjectsController {
  constructor(private readonly subjects: SubjectsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'List the subjects tutors can teach' })
  @ApiOkResponse({ type: [SubjectDto] })
  list(): Promise<SubjectDto[]> {
    return this.subjects.list();
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Add a subject', description: 'The slug is unique.' })
  @ApiCreatedResponse({ type: SubjectDto })
  @ApiProblems(new SubjectSlugTakenError('algebra'))
  create(@CurrentUser() admin: AuthUser, @Body() body: CreateSubjectDto): Promise<SubjectDto> {
    return this.subjects.create(admin, body);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({
    summary: 'Rename a subject or change its slug or category',
    description: 'Absent fields are kept; `{}` changes nothing.',
  })
  @ApiOkResponse({ type: SubjectDto })
  @ApiProblems(new ResourceNotFoundError('subject'), new SubjectSlugTakenError('algebra'))
  update(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: UpdateSubjectDto,
  ): Promise<SubjectDto> {
    return this.subjects.update(admin, id, body);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an unused subject',
    description: 'A subject that tutors or lessons use cannot be deleted (409): rename it instead.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(new ResourceNotFoundError('subject'), new SubjectInUseError())
  async remove(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    await this.subjects.remove(admin, id);
  }
}
