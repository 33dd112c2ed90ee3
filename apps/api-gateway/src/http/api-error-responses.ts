import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse } from '@nestjs/swagger';
import { ErrorCode } from '@app/contracts';
import { ErrorResponse } from './error-response';
import { httpStatusOf } from './error-status';

/** A message like the ones the API really sends, shown as the example of each code. */
const EXAMPLE_MESSAGES: Record<ErrorCode, string> = {
  [ErrorCode.ValidationFailed]: 'limit must not be greater than 100; property foo should not exist',
  [ErrorCode.MalformedMessage]: 'Malformed message: ticketId: Expected number, received string',
  [ErrorCode.InvalidCursor]: 'The cursor is not one this API issued',
  [ErrorCode.Unauthorized]: 'The token has expired',
  [ErrorCode.InvalidCredentials]: 'Invalid email or password',
  [ErrorCode.Forbidden]: 'Only an admin may do this',
  [ErrorCode.NotFound]: 'No route GET /nowhere',
  [ErrorCode.TicketNotFound]: 'Ticket #42 not found',
  [ErrorCode.EmployeeNotFound]: 'Employee #7 not found or deactivated',
  [ErrorCode.TicketClosed]: 'Ticket #42 is closed',
  [ErrorCode.InvalidTransition]: 'Ticket #42 cannot go from open to open',
  [ErrorCode.EmailTaken]: 'An employee with email anna@example.com already exists',
  [ErrorCode.LastAdmin]: 'Employee #1 is the last active admin',
  [ErrorCode.TooManyRequests]: 'Too many failed logins; try again in 8 seconds',
  [ErrorCode.ServiceUnavailable]: 'Could not reach the service for ticket-service.get-ticket',
  [ErrorCode.UpstreamTimeout]: 'No answer to ticket-service.get-ticket in time',
  [ErrorCode.Internal]: 'Internal error',
  // attachments
  [ErrorCode.AttachmentNotFound]: 'Message 314 of ticket #42 has no file',
  [ErrorCode.AttachmentNotReady]: 'The file is still being received from Telegram',
  [ErrorCode.AttachmentTooLarge]: 'Telegram does not hand bots files above 20 MB',
  [ErrorCode.FileTooLarge]: 'The file is larger than 52428800 bytes',
  // security
  [ErrorCode.CurrentPasswordWrong]: 'The current password is wrong',
  [ErrorCode.IdempotencyKeyReused]: 'Idempotency-Key reply-1 was used before with another request',
  [ErrorCode.IdempotencyKeyInUse]:
    'The first request with Idempotency-Key reply-1 is still being handled; retry shortly',
  [ErrorCode.CannedReplyNotFound]: 'Canned reply #3 not found',
  [ErrorCode.ClientNotFound]: 'Client #3 not found',
};

const DESCRIPTIONS: Partial<Record<number, string>> = {
  400: 'Invalid input: the message names every problem',
  401: 'Missing, invalid or expired bearer token, or the employee was deactivated',
  403: 'The employee lacks the role this needs',
  404: 'Not found',
  409: 'Conflicts with the current state',
  410: 'Gone for good',
  413: 'The upload is too large',
  422: 'The Idempotency-Key was used before with another request',
  429: 'Too many attempts; the Retry-After header says when to try again',
  500: 'Unexpected error (logged; no details are revealed)',
  503: 'ticket-service or RabbitMQ is unreachable (or, for a file, it is not ready yet: see Retry-After)',
  504: 'ticket-service did not answer in time',
};

/** Documents the error responses an endpoint can give, grouped by status, with an example per code. */
export function ApiErrorResponses(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = httpStatusOf(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses = [...byStatus.entries()].map(([status, statusCodes]) =>
    ApiResponse({
      status,
      description: `${DESCRIPTIONS[status] ?? 'Error'}: ${statusCodes.join(', ')}`,
      type: ErrorResponse,
      examples: Object.fromEntries(
        statusCodes.map((code) => [
          code,
          { summary: code, value: { statusCode: status, code, message: EXAMPLE_MESSAGES[code] } },
        ]),
      ),
    }),
  );
  return applyDecorators(ApiExtraModels(ErrorResponse), ...responses);
}

/** What any call that goes to ticket-service can also end with. */
export const UPSTREAM_ERRORS = [ErrorCode.ServiceUnavailable, ErrorCode.UpstreamTimeout, ErrorCode.Internal] as const;
