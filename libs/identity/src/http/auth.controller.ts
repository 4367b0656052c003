import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, CurrentUser, Public, type AuthUser } from '@etutors/platform';
import type { RequestOrigin } from '../application/audit-log.js';
import { AuthService } from '../application/auth.service.js';
import {
  AccountSuspendedError,
  EmailTakenError,
  InvalidCredentialsError,
  InvalidOneTimeTokenError,
  InvalidTokenError,
  TooManyAttemptsError,
  WeakPasswordError,
} from '../identity.errors.js';
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
  @ApiOperation({
    summary: 'Sign up as a student or a tutor',
    description:
      'Creates the account and signs it in. A verification e-mail goes out; `role: "admin"` is refused. Limited per IP.',
  })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiProblems(
    new WeakPasswordError('password is too common; choose another'),
    new EmailTakenError(),
    new TooManyAttemptsError(3600),
  )
  register(@Body() body: RegisterDto, @Origin() origin: RequestOrigin): Promise<SessionDto> {
    return this.auth.register(body, origin);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with e-mail and password',
    description:
      'A wrong e-mail and a wrong password get the same 401. Limited per IP and per account.',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(
    new InvalidCredentialsError(),
    new AccountSuspendedError(),
    new TooManyAttemptsError(60),
  )
  login(@Body() body: LoginDto, @Origin() origin: RequestOrigin): Promise<SessionDto> {
    return this.auth.login(body, origin);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Trade a refresh token for a new session',
    description:
      'The presented refresh token is spent; presenting a spent one again revokes its whole family.',
  })
  @ApiOkResponse({
    type: SessionDto,
    description: 'the presented refresh token is spent; reusing it revokes the session',
  })
  @ApiProblems(new InvalidTokenError('refresh token'))
  refresh(@Body() body: RefreshDto, @Origin() origin: RequestOrigin): Promise<SessionDto> {
    return this.auth.refresh(body.refreshToken, origin);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revoke a refresh token of yours' })
  @ApiNoContentResponse({ description: 'Revoked (or already unusable)' })
  async logout(@CurrentUser() user: AuthUser, @Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(user.id, body.refreshToken);
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password-reset e-mail',
    description: 'Always 202, so it cannot tell whether an account exists. Limited per IP.',
  })
  @ApiAcceptedResponse({ description: 'always; an e-mail goes out when the account exists' })
  @ApiProblems(new TooManyAttemptsError(3600))
  async forgot(@Body() body: ForgotPasswordDto, @Origin() origin: RequestOrigin): Promise<void> {
    await this.auth.forgotPassword(body.email, origin);
  }

  @Public()
  @Post('password/reset')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the e-mailed token',
    description: 'The token works once; every refresh token of the account is revoked.',
  })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiProblems(
    new InvalidOneTimeTokenError(),
    new WeakPasswordError('password is too common; choose another'),
  )
  async reset(@Body() body: ResetPasswordDto, @Origin() origin: RequestOrigin): Promise<void> {
    await this.auth.resetPassword(body.token, body.password, origin);
  }

  @Public()
  @Post('email/verify')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm your e-mail address with the e-mailed token' })
  @ApiNoContentResponse({ description: 'E-mail verified' })
  @ApiProblems(new InvalidOneTimeTokenError())
  async verify(@Body() body: VerifyEmailDto, @Origin() origin: RequestOrigin): Promise<void> {
    await this.auth.verifyEmail(body.token, origin);
  }
}
