import { Tracer, context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { SpanKind, currentTraceCarrier, inSpan, tracedContextFrom, tracerOf } from './tracing';
import { Tracing, startTracing } from './tracing-sdk';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

/**
 * What an operator gets at a sampling ratio: whole traces for the sampled share of work, and for the rest no
 * spans and no trace context stored or sent on (so that the rest costs next to nothing).
 */
describe('tracing: only sampled traces are recorded and travel', () => {
  // a new exporter per test: shutting the provider down stops its exporter
  let exporter: InMemorySpanExporter;
  let tracing: Tracing | undefined;
  // a tracer per test: one taken before `trace.disable()` would still reach the previous test's provider
  let tracer: Tracer;

  const start = (sampleRatio: number) => {
    exporter = new InMemorySpanExporter();
    tracing = startTracing({ service: 'test', exporter, sampleRatio, immediate: true });
    tracer = tracerOf('test');
  };

  afterEach(async () => {
    await tracing?.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('records work sampled where it enters, and hands its context on', async () => {
    start(1);
    const carrier = await inSpan(tracer, 'request', { kind: SpanKind.SERVER }, async () => currentTraceCarrier());
    expect(carrier?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const traced = tracedContextFrom(carrier);
    expect(traced).not.toBeNull();
    await inSpan(tracer, 'continued', { kind: SpanKind.CONSUMER, parent: traced }, async () => undefined);
    const [request, continued] = exporter.getFinishedSpans();
    expect(continued.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(continued.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
  });

  it('stores and sends no context for work not sampled, and records nothing within it', async () => {
    start(0);
    const carrier = await inSpan(tracer, 'request', { kind: SpanKind.SERVER }, () =>
      // a nested span keeps the decision made where the work entered: no new trace begins halfway
      inSpan(tracer, 'inner', { kind: SpanKind.INTERNAL }, async () => currentTraceCarrier()),
    );
    expect(carrier).toBeNull();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('continues only sampled contexts: an unsampled or missing one makes no span, even at ratio 1', async () => {
    start(1);
    expect(tracedContextFrom({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-00` })).toBeNull();
    expect(tracedContextFrom(null)).toBeNull();
    expect(tracedContextFrom({})).toBeNull();

    let ran = false;
    const carrier = await inSpan(tracer, 'send', { kind: SpanKind.CLIENT, parent: null }, async () => {
      ran = true;
      return currentTraceCarrier();
    });
    expect(ran).toBe(true);
    expect(carrier).toBeNull();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('links a batch span only to the sampled traces among its items', async () => {
    start(1);
    const sampled = tracedContextFrom({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` })!;
    const other = tracedContextFrom({ traceparent: `00-${'1'.repeat(32)}-${SPAN_ID}-01` })!;
    const unsampled = propagation.extract(context.active(), { traceparent: `00-${'2'.repeat(32)}-${SPAN_ID}-00` });
    await inSpan(
      tracer,
      'batch',
      { kind: SpanKind.INTERNAL, parent: sampled, links: [other, unsampled] },
      async () => undefined,
    );
    const [batch] = exporter.getFinishedSpans();
    expect(batch.spanContext().traceId).toBe(TRACE_ID);
    expect(batch.links.map((link) => link.context.traceId)).toEqual(['1'.repeat(32)]);
  });
});
