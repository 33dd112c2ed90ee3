import { Context, Link, Span, SpanKind, SpanStatusCode, Tracer, context, propagation, trace } from '@opentelemetry/api';

/**
 * Trace context as it travels: AMQP headers, an outbox row, a queued Telegram message. W3C Trace Context
 * (`traceparent`, `tracestate`), whatever the carrier.
 */
export type TraceCarrier = Record<string, string>;

/** The tracer of one service: its name is the instrumentation scope, so spans say which service made them. */
export function tracerOf(service: string): Tracer {
  return trace.getTracer(service);
}

/** The current trace context, to send or store with work that continues elsewhere; null when nothing is traced. */
export function currentTraceCarrier(): TraceCarrier | null {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : null;
}

/** Adds the current trace context to outgoing headers (no-op while tracing is off). */
export function injectTraceContext(headers: Record<string, unknown>, from: Context = context.active()): void {
  propagation.inject(from, headers);
}

/** The context a carrier (headers, a stored row's column) continues; the active one if it holds none. */
export function contextFrom(carrier: Record<string, unknown> | null | undefined): Context {
  if (!carrier) return context.active();
  return propagation.extract(context.active(), carrier, {
    get: (headers, key) => {
      const value = headers[key];
      return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString() : undefined;
    },
    keys: (headers) => Object.keys(headers),
  });
}

/** The active span's trace id, for log lines; undefined while nothing is traced. */
export function currentTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, traceFlags } = span.spanContext();
  return traceFlags & 1 ? traceId : undefined;
}

export interface SpanOptions {
  kind: SpanKind;
  parent?: Context;
  attributes?: Record<string, string | number | boolean>;
  /** other traces this work also continues (a batch of several traced items) */
  links?: Context[];
}

/** Links to the spans of those contexts that are traced. */
function linksTo(contexts: Context[] | undefined): Link[] | undefined {
  return contexts?.flatMap((linked) => {
    const span = trace.getSpan(linked);
    return span ? [{ context: span.spanContext() }] : [];
  });
}

/**
 * Runs `work` inside a new span (ended when `work` settles, marked as an error when it throws). While tracing
 * is off the API hands out non-recording spans, so this costs next to nothing.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(
    name,
    { kind: options.kind, attributes: options.attributes, links: linksTo(options.links) },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export function markFailed(span: Span, error: unknown): void {
  const code = (error as { code?: unknown })?.code;
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: typeof code === 'string' ? code : error instanceof Error ? error.message : undefined,
  });
}

export { SpanKind };
