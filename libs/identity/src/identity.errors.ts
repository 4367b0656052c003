import { DomainError } from '@etutors/platform';

export class EmailTakenError extends DomainError {
  readonly code = 'identity.email_taken';
  readonly kind = 'conflict' as const;
  constructor() {
    super('An account with this e-mail already exists');
  }
}

export class WeakPasswordError extends DomainError {
  readonly code = 'identity.weak_password';
  readonly kind = 'invalid' as const;
  constructor(reason: string) {
    super(reason, { errors: [{ field: 'password', message: reason }] });
  }
}

/** Wrong e-mail or wrong password: one answer for both, so neither can be probed. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'identity.invalid_credentials';
  readonly kind = 'unauthorized' as const;
  constructor() {
    super('E-mail or password is wrong');
  }
}

export class AccountSuspendedError extends DomainError {
  readonly code = 'identity.account_suspended';
  readonly kind = 'forbidden' as const;
  constructor() {
    super('This account is suspended');
  }
}

export class InvalidTokenError extends DomainError {
  readonly code = 'identity.invalid_token';
  readonly kind = 'unauthorized' as const;
  constructor(what = 'token') {
    super(`The ${what} is invalid, expired or already used`);
  }
}

export class InvalidOneTimeTokenError extends DomainError {
  readonly code = 'identity.invalid_token';
  readonly kind = 'invalid' as const;
  constructor() {
    super('The token is invalid, expired or already used', {
      errors: [{ field: 'token', message: 'invalid, expired or already used' }],
    });
  }
}

export class TooManyAttemptsError extends DomainError {
  readonly code = 'rate_limit.exceeded';
  readonly kind = 'rate_limited' as const;
  constructor(retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

export class SelfChangeError extends DomainError {
  readonly code = 'identity.cannot_change_self';
  readonly kind = 'unprocessable' as const;
  constructor() {
    super('Admins cannot suspend or demote themselves');
  }
}

export class InvalidRolesError extends DomainError {
  readonly code = 'identity.invalid_roles';
  readonly kind = 'invalid' as const;
  constructor() {
    super('A user needs at least one known role', {
      errors: [{ field: 'roles', message: 'at least one of student, tutor, admin' }],
    });
  }
}
