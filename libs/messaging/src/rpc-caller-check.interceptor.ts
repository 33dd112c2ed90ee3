import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import type { Message } from 'amqplib';
import { Observable, throwError } from 'rxjs';
import { CodedError, ErrorCode } from '@app/contracts';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

/**
 * Serves an RPC request only when its `user_id` (which RabbitMQ checks against the user the message came
 * in as) is one of the broker users allowed for its pattern (`MessagingOptions.rpcCallers`); otherwise
 * answers FORBIDDEN without running the handler. Services without `rpcCallers`, and events, pass.
 * Runs inside MessageAcknowledger, so a refused request is acked and answered like any failed one.
 */
@Injectable()
export class RpcCallerCheck implements NestInterceptor {
  private readonly logger = new Logger(RpcCallerCheck.name);

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const callers = this.options.rpcCallers;
    if (!callers || context.getType() !== 'rpc') return next.handle();
    const rmq = context.switchToRpc().getContext<RmqContext>();
    const message = rmq.getMessage() as Message;
    if (!message.properties.replyTo) return next.handle();
    const pattern = rmq.getPattern();
    const caller = message.properties.userId as string | undefined;
    if (caller !== undefined && callers[pattern]?.includes(caller)) return next.handle();
    this.logger.warn({ pattern, caller: caller ?? null }, 'RPC request refused: its sender may not call this');
    return throwError(
      () => new CodedError(ErrorCode.Forbidden, `${caller ?? 'A sender without user_id'} may not call ${pattern}`),
    );
  }
}

/** The broker user of an AMQP URL, as RabbitMQ authenticates it (amqplib's default is guest). */
export function brokerUserOf(url: string): string {
  return decodeURIComponent(new URL(url).username) || 'guest';
}
