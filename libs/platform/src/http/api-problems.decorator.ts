import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { DomainError } from './domain-error.js';
import {
  domainProblem,
  genericProblem,
  PROBLEM_DESCRIPTIONS,
  problemBody,
  type ProblemExample,
} from './openapi/problem-examples.js';
import { PROBLEM_CONTENT_TYPE, ProblemDto } from './problem.js';

/** The problems a route declared, read again when the document is finished (openapi/). */
export const API_PROBLEMS = 'etutors:api-problems';

/** The problem+json response of one status, with one example per code. */
export function problemResponse(
  status: number,
  examples: ProblemExample[],
  instance: string,
): Record<string, unknown> {
  return {
    description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: getSchemaPath(ProblemDto) },
        examples: Object.fromEntries(
          examples.map((example) => [
            example.code,
            { summary: example.detail, value: problemBody(example, instance) },
          ]),
        ),
      },
    },
  };
}

/**
 * Documents the problem+json responses a route gives, each with an example: a bare status gets
 * the filter's generic code (`ApiProblems(404)`), a domain error its own status, code, message
 * and details (`ApiProblems(new SlotTakenError())`). 401, 403, the 400 of a malformed id or of
 * invalid input, 413, 414 and 415 follow from the route itself and are added when the document
 * is built (see openapi/finish-document.ts), so a route lists only what is its own.
 */
export const ApiProblems = (...problems: (number | DomainError)[]) => {
  const examples = problems.map((problem) =>
    problem instanceof DomainError ? domainProblem(problem) : genericProblem(problem),
  );
  const statuses = [...new Set(examples.map((example) => example.status))];
  return applyDecorators(
    SetMetadata(API_PROBLEMS, examples),
    ApiExtraModels(ProblemDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        ...problemResponse(
          status,
          examples.filter((example) => example.status === status),
          '/api/v1/…',
        ),
      }),
    ),
  );
};
