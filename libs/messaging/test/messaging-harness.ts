import { Inject, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import amqplib from 'amqplib';
import {
  CodedError,
  ErrorCode,
  Events,
  GetTicketSchema,
  MessageDeliveryReportedEvent,
  MessageDeliveryReportedSchema,
  ServiceName,
  TicketRpc,
} from '@app/contracts';
import { LoggingModule } from '@app/logging';
import { ContractPipe, MessageController, MessagingModule, MessagingOptions, Topology, connectConsumers } from '../src';

const PROBE = Symbol('PROBE');

/** What a test consumer does with an event, and what it has seen. */
export class Probe {
  readonly received: string[] = [];
  /** in 'gate' mode, handlers finish when this is called */
  open: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  constructor(public mode: 'handle' | 'hang' | 'fail' | 'gate' = 'handle') {}

  handle(event: MessageDeliveryReportedEvent): Promise<void> {
    this.received.push(event.eventId);
    if (this.mode === 'hang') return new Promise(() => undefined);
    if (this.mode === 'gate') return this.gate;
    if (this.mode === 'fail') return Promise.reject(new Error('handler failure'));
    return Promise.resolve();
  }
}

@MessageController()
class ProbeController {
  constructor(@Inject(PROBE) private readonly probe: Probe) {}

  @MessagePattern(TicketRpc.Ping)
  ping() {
    return { ok: true };
  }

  @MessagePattern(TicketRpc.GetTicket)
  getTicket(@Payload(new ContractPipe(GetTicketSchema)) request: { ticketId: number }) {
    throw new CodedError(ErrorCode.TicketNotFound, `Ticket #${request.ticketId} not found`);
  }

  @EventPattern(Events.MessageDeliveryReported)
  onDelivery(@Payload(new ContractPipe(MessageDeliveryReportedSchema)) event: MessageDeliveryReportedEvent) {
    return this.probe.handle(event);
  }
}

/** Both services subscribe to one event, so fan-out between services can be observed. */
export const FAN_OUT_TOPOLOGY: Topology = {
  subscriptions: {
    [ServiceName.ApiGateway]: [],
    [ServiceName.TicketService]: [Events.MessageDeliveryReported],
    [ServiceName.BotService]: [Events.MessageDeliveryReported],
  },
  rpcServers: [ServiceName.TicketService],
};

export function messagingOptions(
  rabbitUrl: string,
  service: ServiceName,
  overrides: Partial<MessagingOptions> = {},
): MessagingOptions {
  return {
    service,
    url: rabbitUrl,
    prefetch: 10,
    deliveryLimit: 3,
    rpcTimeoutMs: 2000,
    publishTimeoutMs: 2000,
    topology: FAN_OUT_TOPOLOGY,
    ...overrides,
  };
}

/** A replica of a service: the real messaging layer with a probe controller. */
export async function startReplica(options: MessagingOptions, probe: Probe, consume = true): Promise<INestApplication> {
  @Module({
    imports: [
      LoggingModule.forRoot({ service: options.service, level: 'silent', pretty: false }),
      MessagingModule.forRoot(options),
    ],
    controllers: [ProbeController],
    providers: [{ provide: PROBE, useValue: probe }],
  })
  class ReplicaModule {}

  const app = await NestFactory.create(ReplicaModule, { logger: false });
  if (consume) connectConsumers(app, options);
  await app.init();
  await app.startAllMicroservices();
  return app;
}

export function deliveryEvent(eventId: string): MessageDeliveryReportedEvent {
  return {
    eventId,
    occurredAt: new Date().toISOString(),
    ticketId: 1,
    messageId: 1,
    status: 'delivered',
    reason: null,
    clientUnreachable: false,
  };
}

/** Reads a queue's messages directly, as an operator inspecting a dead-letter queue would. */
export async function drainQueue(rabbitUrl: string, queue: string): Promise<unknown[]> {
  const connection = await amqplib.connect(rabbitUrl);
  try {
    const channel = await connection.createChannel();
    const bodies: unknown[] = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: true });
      if (!message) return bodies;
      const text = message.content.toString();
      try {
        bodies.push(JSON.parse(text));
      } catch {
        bodies.push(text);
      }
    }
  } finally {
    await connection.close();
  }
}
