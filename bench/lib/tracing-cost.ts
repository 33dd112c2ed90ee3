import { context, propagation, trace } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { SpanKind, currentTraceCarrier, inSpan, startTracing, tracedContextFrom, tracerOf } from '@app/telemetry';
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
async function cpuMicrosPer(iterations: number, work: () => Promise<unknown>): Promise<number> {
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
  return offAndOn(ratio, iterations, request);
}

/** CPU microseconds per run of `work` with the SDK off (the API's no-ops), then on at `ratio`. */
async function offAndOn(
  ratio: number,
  iterations: number,
  work: () => Promise<unknown>,
): Promise<{ off: number; on: number }> {
  const off = await cpuMicrosPer(iterations, work);
  const tracing = startTracing({ service: 'bench', exporter: new DiscardingExporter(), sampleRatio: ratio });
  try {
    return { off, on: await cpuMicrosPer(iterations, work) };
  } finally {
    await tracing.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  }
}

const INGEST_BATCH = 100;
/** events per stored client message: message.created and ticket.updated, each fanned out by the gateway */
const EVENTS_PER_UPDATE = 2;

/**
 * The same for ingest, per update: each update's span where it enters (the sampling decision) and its stored
 * context, then per batch of INGEST_BATCH the forwarder's span, the RPC at both ends and the context stored
 * with the outbox rows, and per event the relay's publish and the gateway's consume. The async-context
 * bookkeeping (AsyncLocalStorage, paid on every promise once a traced context has been entered) is not in it.
 */
export async function ingestTracingCostMicros(ratio: number, batches = 500): Promise<{ off: number; on: number }> {
  const bot = tracerOf('bot-service');
  const gateway = tracerOf('api-gateway');
  const forwarding = new MessagingTelemetry('bot-service');
  const ticketService = new MessagingTelemetry('ticket-service');
  const relay = new MessagingTelemetry('ticket-service');
  const batch = async () => {
    const stored = [];
    for (let i = 0; i < INGEST_BATCH; i += 1) {
      const attributes = { 'telegram.update_id': i, 'telegram.route': 'message' };
      stored.push(
        await inSpan(bot, 'telegram update', { kind: SpanKind.CONSUMER, attributes }, async () =>
          currentTraceCarrier(),
        ),
      );
    }
    const [first, ...others] = stored.map((carrier) => tracedContextFrom(carrier));
    const links = others.filter((linked) => linked !== null);
    const attributes = { 'telegram.updates': INGEST_BATCH };
    const outboxContext = await inSpan(
      bot,
      'forward updates',
      { kind: SpanKind.INTERNAL, parent: first, links, attributes },
      () => {
        const headers: Record<string, unknown> = {};
        return forwarding.rpcCall('tickets.recordInboundBatch', headers, async () => {
          const served = ticketService.consume('tickets.recordInboundBatch', true, headers);
          const carrier = served.context
            ? await context.with(served.context, async () => currentTraceCarrier())
            : currentTraceCarrier();
          served.finish({ outcome: 'ok' });
          return carrier;
        });
      },
    );
    for (let i = 0; i < INGEST_BATCH * EVENTS_PER_UPDATE; i += 1) {
      const { headers, span } = relay.publishSpan('message.created', outboxContext);
      span?.end();
      const traced = tracedContextFrom(headers);
      if (traced) gateway.startSpan('consume message.created', { kind: SpanKind.CONSUMER }, traced).end();
    }
  };
  const perBatch = await offAndOn(ratio, batches, batch);
  return { off: perBatch.off / INGEST_BATCH, on: perBatch.on / INGEST_BATCH };
}
