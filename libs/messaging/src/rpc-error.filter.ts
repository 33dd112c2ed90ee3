import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { CodedError, ErrorCode, RpcErrorPayload, isRpcErrorPayload } from '@app/contracts';

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
    this.logger.error({ err: exception }, 'Unexpected error in a message handler');
    return { code: ErrorCode.Internal, message: 'Internal error' };
  }
}
