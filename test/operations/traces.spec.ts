import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { Events, TicketRpc } from '@app/contracts';
import { Tracing, startTracing } from '@app/telemetry';
import { eventually } from '@app/testing';
import { clientUser } from '@app/telegram-emulator';
import { DeskInProcess } from './desk-in-process';

/**
 * Traces as an operator reads them in Jaeger: one employee reply is one trace from the HTTP request through
 * ticket-service, its outbox and RabbitMQ to bot-service's send to Telegram (and the delivery report back);
 * one client message is one trace from the Telegram update to the RPC that stores it. The context crosses
 * processes only in AMQP headers and stored rows, never in memory: each hop starts from a queue or a table.
 */
describe('traces: one trace per reply across the three services', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let desk: DeskInProcess;
  const client = clientUser('Pavel', 'ru');

  beforeAll(async () => {
    tracing = startTracing({ service: 'desk-under-test', exporter, sampleRatio: 1, immediate: true });
    desk = await DeskInProcess.start();
  });

  afterAll(async () => {
    await desk?.stop();
    await tracing?.shutdown();
  });

  const spans = () => exporter.getFinishedSpans();
  const traceOf = (span: ReadableSpan) =>
    spans().filter((other) => other.spanContext().traceId === span.spanContext().traceId);
  const hops = (trace: ReadableSpan[]) => trace.map((span) => `${span.instrumentationScope.name}: ${span.name}`);
  const parentOf = (span: ReadableSpan, trace: ReadableSpan[]) =>
    trace.find((other) => other.spanContext().spanId === span.parentSpanContext?.spanId);

  it('follows a client message from the Telegram update to the RPC that stored it', async () => {
    const token = await desk.logIn();
    desk.telegram.clientSends(client, { command: 'start' });
    desk.telegram.clientSends(client, { text: 'Не приходит код' });
    await eventually(() => desk.ticketOf(client, token), { timeoutMs: 20_000, message: 'the ticket' });

    const stored = await eventually(
      () => {
        const served = spans().find(
          (span) =>
            span.instrumentationScope.name === 'ticket-service' && span.name === `rpc ${TicketRpc.RecordInboundBatch}`,
        );
        return served && traceOf(served).some((span) => span.name === 'telegram update') && served;
      },
      { timeoutMs: 20_000, message: 'a RecordInboundBatch span in the trace of a Telegram update' },
    );
    expect(hops(traceOf(stored))).toEqual(
      expect.arrayContaining([
        'bot-service: telegram update',
        'bot-service: forward updates',
        `bot-service: rpc ${TicketRpc.RecordInboundBatch}`,
        `ticket-service: rpc ${TicketRpc.RecordInboundBatch}`,
      ]),
    );
  });

  it('follows an employee reply from the HTTP request to Telegram and the delivery report back, in one trace', async () => {
    const token = await desk.logIn();
    const ticket = (await desk.ticketOf(client, token))!;
    exporter.reset();
    const reply = await desk.api('POST', `/tickets/${ticket.id}/messages`, { text: 'Отправили код ещё раз' }, token);
    expect(reply.status).toBe(201);

    const request = await eventually(() => spans().find((span) => span.name === 'POST /tickets/:id/messages'), {
      message: 'the HTTP request span',
    });
    const trace = await eventually(
      () => {
        const all = traceOf(request);
        return (
          all.some((span) => span.name === `consume ${Events.MessageDeliveryReported}`) &&
          all.some((span) => span.name === `consume ${Events.MessageCreated}`) &&
          all
        );
      },
      { timeoutMs: 20_000, message: 'the delivery report consumed in the same trace' },
    );

    expect(new Set(trace.map((span) => span.instrumentationScope.name))).toEqual(
      new Set(['api-gateway', 'ticket-service', 'bot-service']),
    );
    expect(hops(trace)).toEqual(
      expect.arrayContaining([
        'api-gateway: POST /tickets/:id/messages',
        `api-gateway: rpc ${TicketRpc.Reply}`,
        `ticket-service: rpc ${TicketRpc.Reply}`,
        `ticket-service: publish ${Events.MessageOutbound}`,
        `bot-service: consume ${Events.MessageOutbound}`,
        'bot-service: telegram sendMessage',
        `bot-service: publish ${Events.MessageDeliveryReported}`,
        `ticket-service: consume ${Events.MessageDeliveryReported}`,
        // the live feed's batch events (addAllToOutbox) carry the trace to the consoles too
        `ticket-service: publish ${Events.MessageCreated}`,
        `ticket-service: publish ${Events.TicketUpdated}`,
        `api-gateway: consume ${Events.MessageCreated}`,
      ]),
    );
    // Each hop hangs under the one before it: the context crossed RabbitMQ, the outbox and the send queue.
    const named = (name: string) => trace.find((span) => `${span.instrumentationScope.name}: ${span.name}` === name)!;
    expect(parentOf(named(`ticket-service: rpc ${TicketRpc.Reply}`), trace)?.name).toBe(`rpc ${TicketRpc.Reply}`);
    expect(parentOf(named(`bot-service: consume ${Events.MessageOutbound}`), trace)?.name).toBe(
      `publish ${Events.MessageOutbound}`,
    );
    expect(parentOf(named('bot-service: telegram sendMessage'), trace)?.name).toBe(`consume ${Events.MessageOutbound}`);
    expect(parentOf(named(`ticket-service: consume ${Events.MessageDeliveryReported}`), trace)?.name).toBe(
      `publish ${Events.MessageDeliveryReported}`,
    );
    expect(parentOf(named(`api-gateway: consume ${Events.MessageCreated}`), trace)?.name).toBe(
      `publish ${Events.MessageCreated}`,
    );
    expect(trace.every((span) => span.spanContext().traceId === request.spanContext().traceId)).toBe(true);
  });
});
