import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDto } from './problem.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (validation errors listed in `errors`)',
  401: 'Missing, invalid or expired access token',
  403: 'Authenticated, but not allowed',
  404: 'Not found, or not yours',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  422: 'Well-formed but breaks a rule',
  429: 'Rate limited; see Retry-After',
};

/** Documents the problem+json responses a route can give. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
