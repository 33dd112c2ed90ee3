import { TraceFlags, context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { DataSource } from 'typeorm';
import { Events } from '@app/contracts';
import { SpanKind, Tracing, inSpan, startTracing, tracerOf } from '@app/telemetry';
import { TestEnvironment } from '@app/testing';
import { addAllToOutbox, addToOutbox, outboxTableSql } from '../src';

const SCHEMA = 'traced';

/**
 * An outbox row is published after its transaction commits, by a relay that knows nothing of the request that
 * wrote it: the trace continues only if the row carries its context. Every way of writing rows must store it.
 */
describe('outbox rows carry the trace of the work that wrote them', () => {
  let environment: TestEnvironment;
  let db: DataSource;
  let tracing: Tracing;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    environment = await TestEnvironment.create();
    db = await new DataSource({ type: 'postgres', url: environment.databaseUrl, poolSize: 2 }).initialize();
    await db.query(`CREATE SCHEMA "${SCHEMA}"`);
    await db.query(outboxTableSql(SCHEMA));
    tracing = startTracing({ service: 'test', exporter, sampleRatio: 1, immediate: true });
  });

  afterAll(async () => {
    await tracing?.shutdown();
    await db?.destroy();
    await environment?.dispose();
  });

  const change = (messageId: number) => ({
    ticketId: 1,
    messageId,
    deliveryStatus: 'delivered' as const,
    deliveryError: null,
  });
  const rows = async (messageIds: number[]) =>
    (await db.query(
      `SELECT payload->>'messageId' AS "messageId", trace_context->>'traceparent' AS traceparent
       FROM "${SCHEMA}".outbox WHERE (payload->>'messageId')::int = ANY($1) ORDER BY id`,
      [messageIds],
    )) as { messageId: string; traceparent: string | null }[];

  it('stores the current trace with every row of a batch, as with a single row', async () => {
    const traceId = await inSpan(tracerOf('test'), 'a change', { kind: SpanKind.SERVER }, async (span) => {
      await db.transaction(async (manager) => {
        await addAllToOutbox(manager, SCHEMA, Events.MessageDeliveryUpdated, [change(1), change(2), change(3)]);
        await addToOutbox(manager, SCHEMA, Events.MessageDeliveryUpdated, change(4));
      });
      return span.spanContext().traceId;
    });
    const stored = await rows([1, 2, 3, 4]);
    expect(stored.map((row) => row.messageId)).toEqual(['1', '2', '3', '4']);
    for (const row of stored) expect(row.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('stores no trace when the work was not sampled (nothing would record its continuation)', async () => {
    // what the sampler leaves when it drops a request: a span that records nothing, its flags 00
    const unsampled = trace.wrapSpanContext({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.NONE,
    });
    await context.with(trace.setSpan(context.active(), unsampled), () =>
      db.transaction(async (manager) => {
        await addAllToOutbox(manager, SCHEMA, Events.MessageDeliveryUpdated, [change(7), change(8)]);
        await addToOutbox(manager, SCHEMA, Events.MessageDeliveryUpdated, change(9));
      }),
    );
    expect((await rows([7, 8, 9])).map((row) => row.traceparent)).toEqual([null, null, null]);
  });

  it('stores no trace when the work was not traced', async () => {
    await db.transaction((manager) =>
      addAllToOutbox(manager, SCHEMA, Events.MessageDeliveryUpdated, [change(5), change(6)]),
    );
    expect(await rows([5, 6])).toEqual([
      { messageId: '5', traceparent: null },
      { messageId: '6', traceparent: null },
    ]);
  });
});
