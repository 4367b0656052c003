import { DomainError } from '@etutors/platform';

export class SubjectSlugTakenError extends DomainError {
  readonly code = 'subject.slug_taken';
  readonly kind = 'conflict' as const;
  constructor(slug: string) {
    super(`A subject with slug "${slug}" already exists`);
  }
}

export class SubjectInUseError extends DomainError {
  readonly code = 'subject.in_use';
  readonly kind = 'conflict' as const;
  constructor() {
    super('Tutors or lessons use this subject: rename it instead of deleting it');
  }
}

export class UnknownSubjectsError extends DomainError {
  readonly code = 'tutor.unknown_subjects';
  readonly kind = 'invalid' as const;
  constructor(ids: string[]) {
    super(`Unknown subject ids: ${ids.join(', ')}`, {
      errors: ids.map((id) => ({ field: 'subjectIds', message: `unknown subject ${id}` })),
    });
  }
}

export class CurrencyNotSupportedError extends DomainError {
  readonly code = 'tutor.currency_not_supported';
  readonly kind = 'invalid' as const;
  constructor(currency: string, allowed: readonly string[]) {
    super(`Currency ${currency} is not supported (use one of ${allowed.join(', ')})`, {
      errors: [{ field: 'hourlyRate.currency', message: `must be one of ${allowed.join(', ')}` }],
    });
  }
}

export class NothingToReviewError extends DomainError {
  readonly code = 'tutor.nothing_to_review';
  readonly kind = 'conflict' as const;
  constructor() {
    super('This tutor has no profile or revision waiting for review');
  }
}

export class LessonNotStartedError extends DomainError {
  readonly code = 'lesson.not_started';
  readonly kind = 'conflict' as const;
  constructor() {
    super('A lesson can be completed only after it has started');
  }
}

export class LessonInvalidTransitionError extends DomainError {
  readonly code = 'lesson.invalid_transition';
  readonly kind = 'conflict' as const;
  constructor(from: string, to: string) {
    super(`A ${from} lesson cannot become ${to}`);
  }
}

export class LessonNotCompletedError extends DomainError {
  readonly code = 'review.lesson_not_completed';
  readonly kind = 'conflict' as const;
  constructor() {
    super('Only a completed lesson can be reviewed');
  }
}

export class AlreadyReviewedError extends DomainError {
  readonly code = 'review.already_submitted';
  readonly kind = 'conflict' as const;
  constructor() {
    super('This lesson has already been reviewed');
  }
}
