import { DomainError } from '@etutors/platform';

export class ReportNotFoundError extends DomainError {
  readonly code = 'report.not_found';
  readonly kind = 'not_found' as const;
  constructor() {
    super('Report not found');
  }
}

/** The download of a report that is queued, running or failed. */
export class ReportNotReadyError extends DomainError {
  readonly code = 'report.not_ready';
  readonly kind = 'conflict' as const;
  constructor(status: string) {
    super(
      status === 'failed'
        ? 'This report failed and has no file; ask for it again'
        : `This report is ${status}; download it once its status is done`,
      { reportStatus: status },
    );
  }
}
