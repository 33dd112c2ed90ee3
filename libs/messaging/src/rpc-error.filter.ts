import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { CodedError, ErrorCode, RpcErrorPayload, isRpcErrorPayload } from '@app/contracts';
import { isConnectionLoss } from '@app/database';

/** Turns whatever a message handler threw into the `{code, message}` reply the caller can branch on. */
@Catch()
export class RpcErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(RpcErrorFilter.name);

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toPayload(exception));
  }

  private toPayload(exception: unknown): RpcErrorPayload {
    if (exception instanceof CodedError) return exception.toPayload();
    if (exception instanceof RpcException && isRpcErrorPayload(exception.getError())) {
      return exception.getError() as RpcErrorPayload;
    }
    // The handler's database went away mid-request: the caller may retry (503), it is not a bug (500).
    if (isConnectionLoss(exception)) {
      this.logger.warn({ err: exception }, 'Database connection lost in a message handler');
      return { code: ErrorCode.ServiceUnavailable, message: 'The database could not be reached; try again' };
    }
    this.logger.error({ err: exception }, 'Unexpected error in a message handler');
    return { code: ErrorCode.Internal, message: 'Internal error' };
  }
}
