import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { CodedError, ErrorCode, codeOfHttpStatus } from '@app/contracts';
import { isConnectionLoss } from '@app/database';
import { ErrorResponse } from './error-response';
import { httpStatusOf } from './error-status';

/**
 * Every error leaves the gateway as `{statusCode, code, message}`: domain errors (local or from
 * ticket-service) by their code, Nest's and Express's HTTP errors by their status, and anything else as
 * a logged 500 that reveals nothing of the internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toErrorResponse(exception);
    if (response.headersSent) return;
    const retryAfter = retryAfterSeconds(exception);
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }

  toErrorResponse(exception: unknown): ErrorResponse {
    if (exception instanceof CodedError) {
      const statusCode = httpStatusOf(exception.code);
      if (statusCode === HttpStatus.INTERNAL_SERVER_ERROR) return this.internal(exception);
      return { statusCode, code: exception.code, message: exception.message };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      if (
        statusCode >= 500 &&
        statusCode !== HttpStatus.SERVICE_UNAVAILABLE &&
        statusCode !== HttpStatus.GATEWAY_TIMEOUT
      ) {
        return this.internal(exception);
      }
      return { statusCode, code: codeOfHttpStatus(statusCode), message: messageOf(exception) };
    }
    if (isConnectionLoss(exception)) {
      // Postgres restarted or dropped the connection mid-request: the request may work again shortly.
      this.logger.warn({ err: exception }, 'Database connection lost while handling a request');
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ErrorCode.ServiceUnavailable,
        message: 'The database is unavailable; try again',
      };
    }
    return this.internal(exception);
  }

  private internal(exception: unknown): ErrorResponse {
    this.logger.error({ err: exception }, 'Unexpected error while handling a request');
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: ErrorCode.Internal, message: 'Internal error' };
  }
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const health = healthFailures(response);
  if (health) return `Not ready: ${health}`;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** Terminus throws its whole report; the dependencies that are down are what a reader needs. */
function healthFailures(response: object): string | undefined {
  const report = response as { status?: unknown; error?: Record<string, { message?: string }> };
  if (report.status !== 'error' || typeof report.error !== 'object' || report.error === null) return undefined;
  return Object.entries(report.error)
    .map(([name, detail]) => (detail?.message ? `${name} (${detail.message})` : name))
    .join(', ');
}

/** Errors that say when to try again. */
const RETRY_LATER: readonly string[] = [ErrorCode.TooManyRequests, ErrorCode.AttachmentNotReady];

function retryAfterSeconds(exception: unknown): number | undefined {
  if (!(exception instanceof CodedError) || !RETRY_LATER.includes(exception.code)) return undefined;
  const seconds = (exception.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : undefined;
}
