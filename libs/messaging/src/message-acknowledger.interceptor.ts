import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor, Optional } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import { context as traceContext } from '@opentelemetry/api';
import type { Channel, Message } from 'amqplib';
import { EMPTY, Observable, catchError, defer, finalize, mergeMap, tap, throwError, timer } from 'rxjs';
import { CodedError, ErrorCode } from '@app/contracts';
import { backoff } from '@app/runtime';
import { CORRELATION_HEADER, withCorrelationId } from '@app/logging';
import { ServiceMetrics } from '@app/telemetry';
import { InFlightMessages } from './in-flight-messages';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { MessagingTelemetry, rpcOutcome } from './messaging-telemetry';
import { RpcCallerCheck } from './rpc-caller-check';
import { DEADLINE_HEADER } from './rpc-client';

const REQUEUE_BACKOFF = { baseMs: 100, capMs: 5000 };

/** An ack on a channel that has closed meanwhile throws; the broker redelivers that message anyway. */
function settle(action: () => void): void {
  try {
    action();
  } catch {
    /* channel gone: the message will be redelivered, and handlers are idempotent */
  }
}

/**
 * Acks a message only once its handler is done, since the transport runs with manual acks.
 * - RPC request: acked once answered, error or not; the caller gets the error as `{code, message}`.
 * - Event, handled: acked. Event, failed: requeued after a backoff; the quorum queue counts deliveries
 *   and dead-letters it at the limit.
 * - RPC request past its caller's deadline: dropped unanswered.
 * - Malformed (fails its contract): dead-lettered at once, with a log line.
 * - RPC request from a sender not allowed to call its pattern (RpcCallerCheck): answered FORBIDDEN, unhandled.
 * Each message is handled inside a span continuing the sender's trace (when it is sampled), and its outcome is
 * counted.
 */
@Injectable()
export class MessageAcknowledger implements NestInterceptor {
  private readonly logger = new Logger(MessageAcknowledger.name);

  private readonly telemetry: MessagingTelemetry;

  constructor(
    private readonly inFlight: InFlightMessages,
    private readonly callerCheck: RpcCallerCheck,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Optional() @Inject(ServiceMetrics) metrics?: ServiceMetrics,
  ) {
    this.telemetry = new MessagingTelemetry(options.service, metrics);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rmq = context.switchToRpc().getContext<RmqContext>();
    const channel = rmq.getChannelRef() as Channel;
    const message = rmq.getMessage() as Message;
    const pattern = rmq.getPattern();
    const isRequest = Boolean(message.properties.replyTo);
    const headers = message.properties.headers ?? {};
    const correlationId = (headers[CORRELATION_HEADER] as string | undefined) ?? message.properties.messageId;

    const observed = this.telemetry.consume(pattern, isRequest, headers);

    const deadline = Number(headers[DEADLINE_HEADER] ?? Infinity);
    if (isRequest && Date.now() > deadline) {
      // The caller has timed out: acting now would change data behind the back of someone told it failed.
      this.logger.warn({ pattern, correlationId }, 'RPC request past its deadline dropped');
      settle(() => channel.ack(message));
      observed.finish({ outcome: 'expired' });
      return EMPTY;
    }

    this.inFlight.started(channel, message.fields.consumerTag ?? '');
    const handled$ = defer(() => {
      const refusal = this.callerCheck.refusalOf(pattern, message);
      return refusal ? throwError(() => refusal) : next.handle();
    }).pipe(
      tap({
        complete: () => {
          settle(() => channel.ack(message));
          observed.finish({ outcome: 'ok' });
        },
      }),
      catchError((error: unknown) => {
        const malformed = error instanceof CodedError && error.code === ErrorCode.MalformedMessage;
        if (malformed) {
          this.logger.warn({ pattern, correlationId, error: error.message }, 'Malformed message dead-lettered');
          settle(() => channel.nack(message, false, false));
          observed.finish({
            outcome: isRequest ? rpcOutcome(error) : 'dead_lettered',
            error,
            deadLettered: 'malformed',
          });
          return isRequest ? throwError(() => error) : EMPTY;
        }
        if (isRequest) {
          settle(() => channel.ack(message));
          observed.finish({ outcome: rpcOutcome(error), error });
          return throwError(() => error);
        }
        const deliveries = Number(headers['x-delivery-count'] ?? 0) + 1;
        // The broker dead-letters a message returned more often than the limit.
        const atLimit = deliveries > this.options.deliveryLimit;
        observed.finish({
          outcome: atLimit ? 'dead_lettered' : 'retried',
          error,
          deadLettered: atLimit ? 'delivery_limit' : undefined,
        });
        const pauseMs = backoff(deliveries, REQUEUE_BACKOFF);
        this.logger.error(
          { pattern, correlationId, deliveries, err: error },
          'Event handler failed; the message goes back to its queue',
        );
        return timer(pauseMs).pipe(
          mergeMap(() => {
            settle(() => channel.nack(message, false, true));
            return EMPTY;
          }),
        );
      }),
      finalize(() => this.inFlight.finished()),
    );
    return new Observable((subscriber) => {
      const handle = () => withCorrelationId(correlationId, () => handled$.subscribe(subscriber));
      return observed.context ? traceContext.with(observed.context, handle) : handle();
    });
  }
}
