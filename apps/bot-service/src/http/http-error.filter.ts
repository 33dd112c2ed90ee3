import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ErrorCode, codeOfHttpStatus } from '@app/contracts';

/**
 * bot-service's HTTP errors (the webhook, health, metrics) carry a `code`, as the gateway's do: Nest's body for
 * an HTTP error (Fastify's own included: a body that is not JSON, the wrong content type) or the readiness
 * report, with the code added; anything else a logged 500 that reveals nothing. Other contexts (Telegraf's
 * handlers) keep their own error handling.
 */
@Catch()
export class BotHttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(BotHttpErrorFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response: unknown = host.switchToHttp().getResponse();
    const [statusCode, body] = this.toErrorResponse(exception);
    this.adapterHost.httpAdapter.reply(response, body, statusCode);
  }

  private toErrorResponse(exception: unknown): [number, object] {
    if (exception instanceof HttpException && exception.getStatus() !== 500) {
      const statusCode = exception.getStatus();
      const code = codeOfHttpStatus(statusCode);
      const response = exception.getResponse();
      return [
        statusCode,
        typeof response === 'string' ? { statusCode, code, message: response } : { ...response, statusCode, code },
      ];
    }
    this.logger.error({ err: exception }, 'Unexpected error while handling a request');
    return [500, { statusCode: 500, code: ErrorCode.Internal, message: 'Internal error' }];
  }
}
