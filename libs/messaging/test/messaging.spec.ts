import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import amqplib from 'amqplib';
import { CodedError, ErrorCode, Events, ServiceName, TicketRpc, TicketRpcMap } from '@app/contracts';
import { TestEnvironment, eventually } from '@app/testing';
import { EVENTS_EXCHANGE, EventPublisher, RpcClient, TICKET_SERVICE, deadLetterQueue, eventQueue } from '../src';
import { Probe, deliveryEvent, drainQueue, messagingOptions, startReplica } from './messaging-harness';

describe('messaging layer over a real RabbitMQ', () => {
  let env: TestEnvironment;
  const apps: INestApplication[] = [];

  const start = async (...args: Parameters<typeof startReplica>) => {
    const app = await startReplica(...args);
    apps.push(app);
    return app;
  };

  /** A replica that only publishes and calls (the gateway's role). */
  const caller = async () => {
    const app = await start(messagingOptions(env.rabbitUrl, ServiceName.ApiGateway), new Probe(), false);
    return { publisher: app.get(EventPublisher), rpc: app.get<RpcClient<TicketRpcMap>>(TICKET_SERVICE) };
  };

  // A vhost per test: queues left by one test never feed the next.
  beforeEach(async () => {
    env = await TestEnvironment.create();
  });

  afterEach(async () => {
    for (const app of apps.splice(0).reverse()) await app.close();
    await env.dispose();
  });

  it('answers an RPC call, and a handler error reaches the caller as {code, message}, not a timeout', async () => {
    await start(messagingOptions(env.rabbitUrl, ServiceName.TicketService), new Probe());
    const { rpc } = await caller();

    await expect(rpc.call(TicketRpc.Ping, {})).resolves.toEqual({ ok: true });

    const startedAt = Date.now();
    const failure = await rpc.call(TicketRpc.GetTicket, { ticketId: 42 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CodedError);
    expect(failure).toMatchObject({ code: ErrorCode.TicketNotFound, message: 'Ticket #42 not found' });
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });

  it('rejects a malformed RPC request with MALFORMED_MESSAGE and keeps serving', async () => {
    await start(messagingOptions(env.rabbitUrl, ServiceName.TicketService), new Probe());
    const { rpc } = await caller();

    const failure = await rpc
      .call(TicketRpc.GetTicket, { ticketId: 'forty-two' } as unknown as { ticketId: number })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: ErrorCode.MalformedMessage });
    await expect(rpc.call(TicketRpc.Ping, {})).resolves.toEqual({ ok: true });
  });

  it('gives UPSTREAM_TIMEOUT when no replica answers within the deadline', async () => {
    const { rpc } = await caller();
    await expect(rpc.call(TicketRpc.Ping, {}, 300)).rejects.toMatchObject({ code: ErrorCode.UpstreamTimeout });
  });

  it('redelivers a message to another consumer when the first dies before acking', async () => {
    const doomed = new Probe('hang');
    // A handler that never finishes within the shutdown grace is cut off like a crash.
    const first = await start(
      messagingOptions(env.rabbitUrl, ServiceName.TicketService, { shutdownGraceMs: 50 }),
      doomed,
    );
    const { publisher } = await caller();
    const eventId = randomUUID();

    await publisher.publish(Events.MessageDeliveryReported, deliveryEvent(eventId));
    await eventually(() => doomed.received.includes(eventId), { message: 'first consumer got the event' });

    // The consumer goes away with the message unacked, as a crashed process would.
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    const survivor = new Probe('handle');
    await start(messagingOptions(env.rabbitUrl, ServiceName.TicketService), survivor);
    await eventually(() => survivor.received.includes(eventId), { message: 'second consumer got the event' });
  });

  it('on shutdown stops consuming, lets the handler under way finish and acks its message', async () => {
    const slow = new Probe('gate');
    const replica = await start(messagingOptions(env.rabbitUrl, ServiceName.TicketService), slow);
    const { publisher } = await caller();
    const eventId = randomUUID();
    await publisher.publish(Events.MessageDeliveryReported, deliveryEvent(eventId));
    await eventually(() => slow.received.includes(eventId));

    const closing = replica.close();
    apps.splice(apps.indexOf(replica), 1);
    slow.open();
    await closing;

    // Acked before the channel closed: nothing went back to the queue.
    expect(await queueDepth(env.rabbitUrl, eventQueue(ServiceName.TicketService))).toBe(0);
  });

  it('delivers an event to every subscribing service once, and to one replica of a service at most once', async () => {
    const ticketService = new Probe();
    const botReplicas = [new Probe(), new Probe()];
    await start(messagingOptions(env.rabbitUrl, ServiceName.TicketService), ticketService);
    for (const probe of botReplicas) await start(messagingOptions(env.rabbitUrl, ServiceName.BotService), probe);
    const { publisher } = await caller();

    const eventIds = Array.from({ length: 40 }, () => randomUUID());
    await Promise.all(eventIds.map((id) => publisher.publish(Events.MessageDeliveryReported, deliveryEvent(id))));

    const botReceived = () => [...botReplicas[0].received, ...botReplicas[1].received];
    await eventually(() => ticketService.received.length === 40 && botReceived().length === 40, {
      message: 'all 40 events consumed by both services',
    });
    // Let any stray duplicate arrive before judging: wait until both queues are empty and acked.
    await eventually(async () => (await queueDepth(env.rabbitUrl, eventQueue(ServiceName.BotService))) === 0);

    expect(new Set(ticketService.received)).toEqual(new Set(eventIds));
    expect(ticketService.received).toHaveLength(40);
    expect(new Set(botReceived())).toEqual(new Set(eventIds));
    expect(botReceived()).toHaveLength(40);
  });

  it('dead-letters a poison event after the configured number of deliveries', async () => {
    const failing = new Probe('fail');
    await start(messagingOptions(env.rabbitUrl, ServiceName.TicketService, { deliveryLimit: 3 }), failing);
    const { publisher } = await caller();
    const eventId = randomUUID();

    await publisher.publish(Events.MessageDeliveryReported, deliveryEvent(eventId));

    const dead = await eventually(
      async () => {
        const bodies = await drainQueue(env.rabbitUrl, deadLetterQueue(eventQueue(ServiceName.TicketService)));
        return bodies.length > 0 ? bodies : undefined;
      },
      { timeoutMs: 20_000, message: 'poison event in the dead-letter queue' },
    );
    expect(dead).toEqual([{ pattern: Events.MessageDeliveryReported, data: expect.objectContaining({ eventId }) }]);
    // First delivery plus the redeliveries the limit allows, then no more.
    expect(failing.received.filter((id) => id === eventId).length).toBe(4);
  });

  it('dead-letters a malformed event at once, without crashing the consumer', async () => {
    const probe = new Probe();
    await start(messagingOptions(env.rabbitUrl, ServiceName.TicketService), probe);
    const { rpc } = await caller();

    const connection = await amqplib.connect(env.rabbitUrl);
    const channel = await connection.createConfirmChannel();
    channel.publish(
      EVENTS_EXCHANGE,
      Events.MessageDeliveryReported,
      Buffer.from(JSON.stringify({ pattern: Events.MessageDeliveryReported, data: { eventId: 'not-a-uuid' } })),
      { persistent: true },
    );
    channel.publish(EVENTS_EXCHANGE, Events.MessageDeliveryReported, Buffer.from('{not json'), { persistent: true });
    await channel.waitForConfirms();
    await connection.close();

    const dead = await eventually(
      async () => {
        const bodies = await drainQueue(env.rabbitUrl, deadLetterQueue(eventQueue(ServiceName.TicketService)));
        return bodies.length >= 2 ? bodies : undefined;
      },
      { message: 'malformed events in the dead-letter queue' },
    );
    // both are consumed at once (prefetch), so either may be dead-lettered first
    expect(dead).toHaveLength(2);
    expect(dead).toEqual(
      expect.arrayContaining([expect.objectContaining({ data: { eventId: 'not-a-uuid' } }), '{not json']),
    );
    expect(probe.received).toEqual([]);
    await expect(rpc.call(TicketRpc.Ping, {})).resolves.toEqual({ ok: true });
  });
});

async function queueDepth(rabbitUrl: string, queue: string): Promise<number> {
  const connection = await amqplib.connect(rabbitUrl);
  try {
    const channel = await connection.createChannel();
    const { messageCount } = await channel.checkQueue(queue);
    return messageCount;
  } finally {
    await connection.close();
  }
}
