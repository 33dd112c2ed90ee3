import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CodedError, ErrorCode } from '@app/contracts';

/**
 * Express error middleware, registered right after the body parser: turns its errors into errors the
 * global filter answers like any other (400 VALIDATION_FAILED for malformed JSON).
 */
export function bodyParserErrors(): (error: unknown, req: Request, res: Response, next: NextFunction) => void {
  return (error, _req, _res, next) => next(translate(error));
}

function translate(error: unknown): unknown {
  const { type, message } = (error ?? {}) as { type?: unknown; message?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return new CodedError(ErrorCode.ValidationFailed, `The request body is not valid JSON: ${String(message)}`);
    case 'entity.too.large':
      return new PayloadTooLargeException('The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeException('The request body has an unsupported encoding or charset');
    default:
      return undecodable(error) ?? error;
  }
}

/** A body that is not what its Content-Encoding says (e.g. "gzip" that is not gzip): zlib's error, 400. */
function undecodable(error: unknown): CodedError | undefined {
  const { status, code, message } = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
  if (status !== 400 || typeof code !== 'string' || !code.startsWith('Z_')) return undefined;
  return new CodedError(
    ErrorCode.ValidationFailed,
    `The request body does not match its Content-Encoding: ${String(message)}`,
  );
}
