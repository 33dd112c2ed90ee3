import {
  Context,
  INVALID_SPAN_CONTEXT,
  Link,
  Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  Tracer,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';

/**
 * Trace context as it travels: AMQP headers, an outbox row, a queued Telegram message. W3C Trace Context
 * (`traceparent`, `tracestate`), whatever the carrier.
 *
 * Only sampled traces travel. A trace begins where work enters the desk (an HTTP request, a Telegram update),
 * where the sampler decides; work that continues elsewhere (an RPC, an outbox row, a queued send) carries the
 * context only when that trace is recorded, and work that arrives without one makes no span. So the 90 %
 * not sampled cost a sampling decision at the door and nothing after it: no span, no context to store, send
 * or parse at each hop (and no trace begun halfway, since nothing downstream starts one).
 */
export type TraceCarrier = Record<string, string>;

/** A span that records nothing, handed to work that is not traced. */
const UNTRACED: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** The tracer of one service: its name is the instrumentation scope, so spans say which service made them. */
export function tracerOf(service: string): Tracer {
  return trace.getTracer(service);
}

/** Whether `from` holds a span of a sampled (recorded) trace: only those are continued. */
export function isTraced(from: Context): boolean {
  const span = trace.getSpan(from);
  return span !== undefined && (span.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
}

/** The current trace context, to send or store with work that continues elsewhere; null unless it is sampled. */
export function currentTraceCarrier(): TraceCarrier | null {
  const active = context.active();
  if (!isTraced(active)) return null;
  const carrier: TraceCarrier = {};
  propagation.inject(active, carrier);
  return carrier.traceparent ? carrier : null;
}

/** Adds the trace context of `from` to outgoing headers, when that trace is sampled. */
export function injectTraceContext(headers: Record<string, unknown>, from: Context = context.active()): void {
  if (isTraced(from)) propagation.inject(from, headers);
}

const headerGetter = {
  get: (headers: Record<string, unknown>, key: string) => {
    const value = headers[key];
    return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString() : undefined;
  },
  keys: (headers: Record<string, unknown>) => Object.keys(headers),
};

/**
 * The context a carrier (headers, a stored row's column) continues, sampled or not; the active one if it
 * holds none. For where work enters the desk: an outside caller's decision is kept.
 */
export function contextFrom(carrier: Record<string, unknown> | null | undefined): Context {
  if (!carrier) return context.active();
  return propagation.extract(context.active(), carrier, headerGetter);
}

/** The sampled trace a carrier continues; null when it holds none (not traced, or not sampled). */
export function tracedContextFrom(carrier: Record<string, unknown> | null | undefined): Context | null {
  if (!carrier?.traceparent) return null;
  const extracted = propagation.extract(context.active(), carrier, headerGetter);
  return isTraced(extracted) ? extracted : null;
}

/** The active span's trace id, for log lines; undefined while nothing is traced. */
export function currentTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, traceFlags } = span.spanContext();
  return traceFlags & TraceFlags.SAMPLED ? traceId : undefined;
}

export interface SpanOptions {
  kind: SpanKind;
  /**
   * The trace this work continues (from tracedContextFrom); null or unsampled: none, and no span is made.
   * Omitted: a child of the active span, or a new trace (the sampler decides) where work enters the desk.
   */
  parent?: Context | null;
  attributes?: Record<string, string | number | boolean>;
  /** other sampled traces this work also continues (a batch of several traced items) */
  links?: Context[];
}

/** Links to the spans of those contexts that are sampled. */
function linksTo(contexts: Context[] | undefined): Link[] | undefined {
  return contexts?.flatMap((linked) => {
    const span = trace.getSpan(linked);
    return span && isTraced(linked) ? [{ context: span.spanContext() }] : [];
  });
}

/**
 * Runs `work` inside a new span (ended when `work` settles, marked as an error when it throws). Work that
 * continues no sampled trace runs as it is, with a span that records nothing; while tracing is off the API
 * hands out non-recording spans, so this costs next to nothing.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  if (options.parent === null || (options.parent !== undefined && !isTraced(options.parent))) return work(UNTRACED);
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(
    name,
    { kind: options.kind, attributes: options.attributes, links: linksTo(options.links) },
    parent,
  );
  // Not sampled where work enters: the decision is kept in the context for what runs inside, and nothing more.
  if (!span.isRecording()) return context.with(trace.setSpan(parent, span), () => work(span));
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
