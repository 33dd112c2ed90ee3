import { Writable } from 'node:stream';
import pino from 'pino';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { SpanKind, inSpan, startTracing, tracerOf } from '@app/telemetry';
import { traceIdMixin } from './trace-id.mixin';

/** What a log reader sees: the trace id on every line written inside traced work, none elsewhere. */
describe('trace_id in log lines', () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { mixin: traceIdMixin },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    }),
  );

  it('carries no trace_id while tracing is off', async () => {
    await inSpan(tracerOf('test'), 'untraced work', { kind: SpanKind.INTERNAL }, async () => logger.info('off'));
    expect(lines.at(-1)).not.toHaveProperty('trace_id');
  });

  it('carries the trace id of the span the line was written in', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ service: 'test', exporter, sampleRatio: 1, immediate: true });
    try {
      await inSpan(tracerOf('test'), 'traced work', { kind: SpanKind.INTERNAL }, async () => {
        await Promise.resolve();
        logger.info('inside');
      });
      logger.info('outside');
      const [span] = exporter.getFinishedSpans();
      expect(lines.at(-2)).toMatchObject({ msg: 'inside', trace_id: span.spanContext().traceId });
      expect(lines.at(-1)).not.toHaveProperty('trace_id');
    } finally {
      await tracing.shutdown();
    }
  });
});
