/**
 * Stable error codes. They cross process boundaries (RabbitMQ replies, HTTP bodies),
 * where `instanceof` does not survive, so callers branch on the code.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  MalformedMessage: 'MALFORMED_MESSAGE',
  Unauthorized: 'UNAUTHORIZED',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  TicketNotFound: 'TICKET_NOT_FOUND',
  EmployeeNotFound: 'EMPLOYEE_NOT_FOUND',
  TicketClosed: 'TICKET_CLOSED',
  InvalidTransition: 'INVALID_TRANSITION',
  EmailTaken: 'EMAIL_TAKEN',
  /** the change would leave no active admin to manage employees */
  LastAdmin: 'LAST_ADMIN',
  InvalidCursor: 'INVALID_CURSOR',
  TooManyRequests: 'TOO_MANY_REQUESTS',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  UpstreamTimeout: 'UPSTREAM_TIMEOUT',
  Internal: 'INTERNAL',
  // attachments
  AttachmentNotFound: 'ATTACHMENT_NOT_FOUND',
  /** the bytes are still coming from Telegram */
  AttachmentNotReady: 'ATTACHMENT_NOT_READY',
  /** Telegram does not give bots files above its download limit */
  AttachmentTooLarge: 'ATTACHMENT_TOO_LARGE',
  FileTooLarge: 'FILE_TOO_LARGE',
  // security: password change, idempotency keys, who may send a command
  /** POST /auth/password: the current password given is not the caller's */
  CurrentPasswordWrong: 'CURRENT_PASSWORD_WRONG',
  /** an Idempotency-Key used before with another request */
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  /** the first request with this Idempotency-Key is still being handled */
  IdempotencyKeyInUse: 'IDEMPOTENCY_KEY_IN_USE',
  // Agent work (issue 16)
  CannedReplyNotFound: 'CANNED_REPLY_NOT_FOUND',
  ClientNotFound: 'CLIENT_NOT_FOUND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The code of an HTTP error raised by the framework itself (unknown route, body too large, not JSON, ...). */
export function codeOfHttpStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return ErrorCode.Unauthorized;
    case 403:
      return ErrorCode.Forbidden;
    case 404:
      return ErrorCode.NotFound;
    case 429:
      return ErrorCode.TooManyRequests;
    case 503:
      return ErrorCode.ServiceUnavailable;
    case 504:
      return ErrorCode.UpstreamTimeout;
    default:
      return status >= 400 && status < 500 ? ErrorCode.ValidationFailed : ErrorCode.Internal;
  }
}

/** The error body an RPC handler replies with. */
export interface RpcErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export function isRpcErrorPayload(value: unknown): value is RpcErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcErrorPayload).code === 'string' &&
    typeof (value as RpcErrorPayload).message === 'string'
  );
}

/**
 * A domain error with a code; thrown in any service, serialized as RpcErrorPayload
 * by the messaging layer, rebuilt on the calling side.
 */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CodedError';
  }

  toPayload(): RpcErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
