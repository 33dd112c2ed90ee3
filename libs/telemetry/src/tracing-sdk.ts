import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  SimpleSpanProcessor,
  SpanExporter,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  service: string;
  /** where spans go: an OTLP/HTTP collector (Jaeger, Tempo, an OpenTelemetry Collector) */
  exporter: SpanExporter;
  /** share of new traces recorded (0..1); a trace begun upstream keeps its caller's decision */
  sampleRatio: number;
  /** export each span at once (tests) instead of in batches */
  immediate?: boolean;
}

/** A running tracer provider; `shutdown` flushes what is buffered. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK for this process: W3C trace context, parent-based ratio sampling, spans
 * batched to `exporter`. Until this runs, the API is a no-op and instrumentation costs next to nothing.
 */
export function startTracing(options: TracingOptions): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
    spanProcessors: [
      options.immediate ? new SimpleSpanProcessor(options.exporter) : new BatchSpanProcessor(options.exporter),
    ],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

export interface TelemetryEnv {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_TRACES_SAMPLER_ARG: number;
  OTEL_SERVICE_NAME?: string;
}

/** Tracing over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set; nothing at all otherwise. */
export function startTracingFromEnv(service: string, env: Partial<TelemetryEnv>): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const url = `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`;
  return startTracing({
    service: env.OTEL_SERVICE_NAME ?? service,
    exporter: new OTLPTraceExporter({ url }),
    sampleRatio: env.OTEL_TRACES_SAMPLER_ARG ?? 1,
  });
}
