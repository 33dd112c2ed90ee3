import { context, propagation, trace } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { SpanKind, inSpan, startTracing, tracerOf } from '@app/telemetry';
import { MessagingTelemetry } from '../../libs/messaging/src/messaging-telemetry';

/** A collector that takes everything and keeps nothing: what is measured is the services' side of exporting. */
class DiscardingExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    done({ code: 0 }); // ExportResultCode.SUCCESS
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** CPU microseconds per iteration of `work`, after a warm-up. */
async function cpuMicrosPer(iterations: number, work: () => Promise<void>): Promise<number> {
  for (let i = 0; i < iterations / 10; i += 1) await work();
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i += 1) await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / iterations;
}

/**
 * What tracing adds to one list request's own work, in this process, without I/O: the spans the request makes
 * (the gateway's HTTP server span and RPC client span, ticket-service's RPC server span), its context
 * injected into the AMQP headers and extracted from them, and the batch export. CPU microseconds per
 * request with the SDK off (the API's no-ops) and on at `ratio`: a figure no neighbour on the machine moves.
 */
export async function tracingCostMicros(ratio: number, iterations = 50_000): Promise<{ off: number; on: number }> {
  const gateway = new MessagingTelemetry('api-gateway');
  const ticketService = new MessagingTelemetry('ticket-service');
  const http = tracerOf('api-gateway');
  const request = () =>
    inSpan(http, 'GET /tickets', { kind: SpanKind.SERVER }, async () => {
      const headers: Record<string, unknown> = {};
      await gateway.rpcCall('tickets.list', headers, async () => {
        const served = ticketService.consume('tickets.list', true, headers);
        await (served.context ? context.with(served.context, () => Promise.resolve()) : Promise.resolve());
        served.finish({ outcome: 'ok' });
      });
    });
  const off = await cpuMicrosPer(iterations, request);
  const tracing = startTracing({ service: 'bench', exporter: new DiscardingExporter(), sampleRatio: ratio });
  try {
    return { off, on: await cpuMicrosPer(iterations, request) };
  } finally {
    await tracing.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }
}
