import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { INestApplication } from '@nestjs/common';
import amqplib, { ChannelModel } from 'amqplib';
import { DataSource } from 'typeorm';
import {
  EventName,
  EventPayloads,
  Events,
  MessageDeliveryReportedEvent,
  RecordInboundRequest,
  RegisterClientRequest,
  ServiceName,
  TicketRpcMap,
} from '@app/contracts';
import { parseConfig } from '@app/config';
import { EventPublisher, RpcClient, eventQueue, messagingOptionsFromEnv, rpcQueue } from '@app/messaging';
import { TestEnvironment, eventually } from '@app/testing';
import { startTicketService } from '../src/bootstrap';
import { ticketServiceEnv } from '../src/config';

export interface PublishedEvent<E extends EventName = EventName> {
  pattern: E;
  data: EventPayloads[E];
}

/**
 * What bot-service would receive: consumes the real `bot-service.events` queue (declared by
 * ticket-service's topology) and keeps every event, in arrival order.
 */
export class EventTap {
  readonly events: PublishedEvent[] = [];

  private constructor(private readonly connection: ChannelModel) {}

  static async open(rabbitUrl: string): Promise<EventTap> {
    const connection = await amqplib.connect(rabbitUrl);
    const tap = new EventTap(connection);
    const channel = await connection.createChannel();
    await channel.consume(eventQueue(ServiceName.BotService), (message) => {
      if (!message) return;
      tap.events.push(JSON.parse(message.content.toString()) as PublishedEvent);
      channel.ack(message);
    });
    return tap;
  }

  of<E extends EventName>(pattern: E, ticketId?: number): EventPayloads[E][] {
    return this.events
      .filter((event): event is PublishedEvent<E> => event.pattern === pattern)
      .map((event) => event.data)
      .filter((data) => ticketId === undefined || (data as { ticketId: number }).ticketId === ticketId);
  }

  /** Polls until `count` events of that name (for that ticket) have arrived; returns them. */
  async waitFor<E extends EventName>(pattern: E, { ticketId, count = 1 }: { ticketId?: number; count?: number } = {}) {
    return eventually(() => this.of(pattern, ticketId).length >= count && this.of(pattern, ticketId), {
      message: `${count} × ${pattern}${ticketId ? ` for ticket #${ticketId}` : ''}`,
    });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** ticket-service started as in production, an RPC client as the gateway has, and a view of its events. */
export class TicketServiceHarness {
  private constructor(
    readonly env: TestEnvironment,
    readonly app: INestApplication,
    readonly rpc: RpcClient<TicketRpcMap>,
    readonly events: EventTap,
  ) {}

  /** `rabbitUrl` lets the service reach RabbitMQ some other way (through a TcpProxy); callers stay direct. */
  static async start(
    env: TestEnvironment,
    { rabbitUrl = env.rabbitUrl, extra = {} }: { rabbitUrl?: string; extra?: Record<string, string> } = {},
  ): Promise<TicketServiceHarness> {
    const config = parseConfig(ticketServiceEnv, env.env({ RABBITMQ_URL: rabbitUrl, ...extra }));
    const app = await startTicketService(config, { port: 0 });
    const callerConfig = { ...config, RABBITMQ_URL: env.rabbitUrl };
    const rpc = new RpcClient<TicketRpcMap>(
      messagingOptionsFromEnv(ServiceName.ApiGateway, callerConfig),
      rpcQueue(ServiceName.TicketService),
    );
    const events = await EventTap.open(env.rabbitUrl);
    return new TicketServiceHarness(env, app, rpc, events);
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  /** Reports a delivery result as bot-service does. */
  async reportDelivery(report: Omit<MessageDeliveryReportedEvent, 'occurredAt'>): Promise<void> {
    await this.app.get(EventPublisher).publish(Events.MessageDeliveryReported, { ...report, occurredAt: new Date().toISOString() });
  }

  /** Messages in one of the service's queues, ready or delivered but not yet acked (i.e. not yet handled). */
  async backlog(queue: string): Promise<number> {
    const args = ['-q', 'list_queues', '-p', this.env.name, 'name', 'messages', '--no-table-headers'];
    const { stdout } = await promisify(execFile)('rabbitmqctl', args);
    const line = stdout.split('\n').find((row) => row.split('\t')[0] === queue);
    if (!line) throw new Error(`no queue ${queue}`);
    return Number(line.split('\t')[1]);
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.rpc.onApplicationShutdown();
    await this.app.close();
  }
}

/** A Telegram user; ids above 2^31 on purpose, as real ones are. */
export function telegramUser(n: number, overrides: Partial<RegisterClientRequest> = {}): RegisterClientRequest {
  const telegramId = 5_000_000_000 + n;
  return {
    telegramId,
    chatId: telegramId,
    username: `client${n}`,
    firstName: `Client ${n}`,
    lastName: null,
    languageCode: 'en',
    ...overrides,
  };
}

export function clientMessage(
  user: RegisterClientRequest,
  telegramMessageId: number,
  overrides: Partial<RecordInboundRequest> = {},
): RecordInboundRequest {
  return {
    ...user,
    telegramMessageId,
    kind: 'text',
    text: `message ${telegramMessageId}`,
    fileId: null,
    sentAt: new Date().toISOString(),
    ...overrides,
  };
}

/** The rejection a promise ends with (so tests can assert on its code), or a failure if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message?: string };
  }
  throw new Error('expected a rejection, but the call succeeded');
}
