import { Context, Span, SpanKind, Tracer, context, trace } from '@opentelemetry/api';
import type { Histogram } from 'prom-client';
import { CodedError, ErrorCode } from '@app/contracts';
import { ServiceMetrics, injectTraceContext, isTraced, markFailed, tracedContextFrom, tracerOf } from '@app/telemetry';

const KNOWN_CODES: ReadonlySet<unknown> = new Set(Object.values(ErrorCode));

/** How an RPC call or request ended, as a bounded label: ok, timeout, or one of the contract's error codes. */
export function rpcOutcome(error: unknown): string {
  if (error === undefined) return 'ok';
  const code = error instanceof CodedError ? error.code : (error as { code?: unknown })?.code;
  if (code === ErrorCode.UpstreamTimeout) return 'timeout';
  return KNOWN_CODES.has(code) ? (code as string) : ErrorCode.Internal;
}

/**
 * Metrics and spans of the messaging layer, in one place: RpcClient, MessageAcknowledger and the outbox relay
 * each call one method. `metrics` is absent where a service runs without TelemetryModule (some tests).
 */
export class MessagingTelemetry {
  readonly tracer: Tracer;

  constructor(
    service: string,
    private readonly metrics?: ServiceMetrics,
  ) {
    this.tracer = tracerOf(service);
  }

  /**
   * An RPC call: its duration by outcome, and in a sampled trace a client span whose context travels in
   * `headers` (untraced work sends none, and the server makes no span).
   */
  async rpcCall<T>(pattern: string, headers: Record<string, unknown>, call: () => Promise<T>): Promise<T> {
    const active = context.active();
    const span = isTraced(active)
      ? this.tracer.startSpan(
          `rpc ${pattern}`,
          { kind: SpanKind.CLIENT, attributes: { 'rpc.method': pattern } },
          active,
        )
      : undefined;
    if (span) injectTraceContext(headers, trace.setSpan(active, span));
    const end = this.metrics?.rpcClient.startTimer({ pattern });
    try {
      const result = await call();
      end?.({ outcome: 'ok' });
      return result;
    } catch (error) {
      end?.({ outcome: rpcOutcome(error) });
      if (span) markFailed(span, error);
      throw error;
    } finally {
      span?.end();
    }
  }

  /**
   * A consumed message (RPC request or event): when the AMQP headers carry a sampled trace, a span continuing
   * it, the context `handle` runs in (absent otherwise). Returns it and a function to record how handling ended.
   */
  consume(
    pattern: string,
    isRequest: boolean,
    headers: Record<string, unknown>,
  ): { context?: Context; finish: (outcome: ConsumeOutcome) => void } {
    const parent = tracedContextFrom(headers);
    const span = parent
      ? this.tracer.startSpan(
          isRequest ? `rpc ${pattern}` : `consume ${pattern}`,
          {
            kind: isRequest ? SpanKind.SERVER : SpanKind.CONSUMER,
            attributes: { [isRequest ? 'rpc.method' : 'messaging.destination.name']: pattern },
          },
          parent,
        )
      : undefined;
    const histogram: Histogram<string> | undefined = isRequest ? this.metrics?.rpcServer : this.metrics?.eventsHandled;
    const end = histogram?.startTimer();
    return {
      context: parent && span ? trace.setSpan(parent, span) : undefined,
      finish: ({ outcome, error, deadLettered }) => {
        end?.(isRequest ? { pattern, outcome } : { event: pattern, outcome });
        if (deadLettered) this.metrics?.eventsDeadLettered.inc({ event: pattern, reason: deadLettered });
        if (span && error !== undefined) markFailed(span, error);
        span?.end();
      },
    };
  }

  /**
   * Publishing one outbox row: when the row was stored in a sampled trace, a producer span under it, its
   * context in `headers`; no span and no headers otherwise.
   */
  publishSpan(
    event: string,
    stored: Record<string, unknown> | null,
  ): { headers: Record<string, unknown>; span?: Span } {
    const headers: Record<string, unknown> = {};
    const parent = tracedContextFrom(stored);
    if (!parent) return { headers };
    const span = this.tracer.startSpan(
      `publish ${event}`,
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.destination.name': event } },
      parent,
    );
    injectTraceContext(headers, trace.setSpan(parent, span));
    return { headers, span };
  }
}

export interface ConsumeOutcome {
  /** ok, an error code (RPC), retried or dead_lettered (events) */
  outcome: string;
  error?: unknown;
  /** why the message went to the dead-letter queue, if it did */
  deadLettered?: 'malformed' | 'delivery_limit';
}
