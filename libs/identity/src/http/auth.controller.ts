import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, CurrentUser, Public, type AuthUser } from '@etutors/platform';
import type { RequestOrigin } from '../application/audit-log.js';
import { AuthService } from '../application/auth.service.js';
import {
  ForgotPasswordDto,
  LoginDto,
  RefreshDto,
  RegisterDto,
  ResetPasswordDto,
  SessionDto,
  VerifyEmailDto,
} from './identity.dto.js';
import { Origin } from './request-origin.js';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: SessionDto })
  @ApiProblems(400, 409, 429)
  register(@Body() body: RegisterDto, @Origin() origin: RequestOrigin) {
    return this.auth.register(body, origin);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(400, 401, 403, 429)
  login(@Body() body: LoginDto, @Origin() origin: RequestOrigin) {
    return this.auth.login(body, origin);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({
    type: SessionDto,
    description: 'the presented refresh token is spent; reusing it revokes the session',
  })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshDto, @Origin() origin: RequestOrigin) {
    return this.auth.refresh(body.refreshToken, origin);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse()
  @ApiProblems(400, 401)
  async logout(@CurrentUser() user: AuthUser, @Body() body: RefreshDto) {
    await this.auth.logout(user.id, body.refreshToken);
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'always; an e-mail goes out when the account exists' })
  @ApiProblems(400, 429)
  async forgot(@Body() body: ForgotPasswordDto, @Origin() origin: RequestOrigin) {
    await this.auth.forgotPassword(body.email, origin);
  }

  @Public()
  @Post('password/reset')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiProblems(400)
  async reset(@Body() body: ResetPasswordDto, @Origin() origin: RequestOrigin) {
    await this.auth.resetPassword(body.token, body.password, origin);
  }

  @Public()
  @Post('email/verify')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiProblems(400)
  async verify(@Body() body: VerifyEmailDto, @Origin() origin: RequestOrigin) {
    await this.auth.verifyEmail(body.token, origin);
  }
}
