import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, CurrentUser, Public, Roles, type AuthUser } from '@etutors/platform';
import { SubjectsService } from '../application/subjects.service.js';
import { CreateSubjectDto, SubjectDto, UpdateSubjectDto } from './tutoring.dto.js';

@ApiTags('tutoring')
@Controller('subjects')
export class SubjectsController {
  constructor(private readonly subjects: SubjectsService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: [SubjectDto] })
  list() {
    return this.subjects.list();
  }

  @Roles('admin')
  @Post()
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: SubjectDto })
  @ApiProblems(400, 401, 403, 409)
  create(@CurrentUser() admin: AuthUser, @Body() body: CreateSubjectDto) {
    return this.subjects.create(admin, body);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiBearerAuth()
  @ApiOkResponse({ type: SubjectDto })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateSubjectDto,
  ) {
    return this.subjects.update(admin, id, body);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404, 409)
  async remove(@CurrentUser() admin: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.subjects.remove(admin, id);
  }
}
