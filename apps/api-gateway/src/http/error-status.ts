import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@app/contracts';

/**
 * The one place where an error code becomes an HTTP status. Typed as a full record, so a code added to
 * the contracts does not compile here until someone decides its status.
 */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.MalformedMessage]: HttpStatus.BAD_REQUEST,
  [ErrorCode.InvalidCursor]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthorized]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.TicketNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.EmployeeNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.TicketClosed]: HttpStatus.CONFLICT,
  [ErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
  [ErrorCode.EmailTaken]: HttpStatus.CONFLICT,
  [ErrorCode.LastAdmin]: HttpStatus.CONFLICT,
  [ErrorCode.TooManyRequests]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.ServiceUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.UpstreamTimeout]: HttpStatus.GATEWAY_TIMEOUT,
  [ErrorCode.Internal]: HttpStatus.INTERNAL_SERVER_ERROR,
  // attachments
  [ErrorCode.AttachmentNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.AttachmentNotReady]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.AttachmentTooLarge]: HttpStatus.GONE,
  [ErrorCode.FileTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  // security
  [ErrorCode.CurrentPasswordWrong]: HttpStatus.FORBIDDEN,
  [ErrorCode.IdempotencyKeyReused]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.IdempotencyKeyInUse]: HttpStatus.CONFLICT,
  [ErrorCode.CannedReplyNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.ClientNotFound]: HttpStatus.NOT_FOUND,
};

/** A code from another service that this gateway does not know is an internal error, not a guess. */
export function httpStatusOf(code: string): HttpStatus {
  return HTTP_STATUS_BY_CODE[code as ErrorCode] ?? HttpStatus.INTERNAL_SERVER_ERROR;
}
