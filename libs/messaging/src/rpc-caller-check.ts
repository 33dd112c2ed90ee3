import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Message } from 'amqplib';
import { CodedError, ErrorCode } from '@app/contracts';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

/**
 * Serves an RPC request only when its `user_id` (which RabbitMQ checks against the user the message came
 * in as) is one of the broker users allowed for its pattern (`MessagingOptions.rpcCallers`); otherwise
 * the request is answered FORBIDDEN without running the handler. Services without `rpcCallers`, and events,
 * pass. MessageAcknowledger asks it before running a handler (one interceptor rather than two: Nest runs each
 * through rxjs per message), so a refused request is acked and answered like any failed one.
 */
@Injectable()
export class RpcCallerCheck {
  private readonly logger = new Logger(RpcCallerCheck.name);

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  /** Why this request may not be served, or undefined when it may. */
  refusalOf(pattern: string, message: Message): CodedError | undefined {
    const callers = this.options.rpcCallers;
    if (!callers || !message.properties.replyTo) return undefined;
    const caller = message.properties.userId as string | undefined;
    if (caller !== undefined && callers[pattern]?.includes(caller)) return undefined;
    this.logger.warn({ pattern, caller: caller ?? null }, 'RPC request refused: its sender may not call this');
    return new CodedError(ErrorCode.Forbidden, `${caller ?? 'A sender without user_id'} may not call ${pattern}`);
  }
}

/** The broker user of an AMQP URL, as RabbitMQ authenticates it (amqplib's default is guest). */
export function brokerUserOf(url: string): string {
  return decodeURIComponent(new URL(url).username) || 'guest';
}
