import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Events,
  MessageDeliveryReportedEvent,
  RecordInboundRequest,
  RegisterClientRequest,
  ServiceName,
  TicketRpcMap,
  TicketStatus,
} from '@app/contracts';
import { parseConfig } from '@app/config';
import { EventPublisher, RpcClient, messagingOptionsFromEnv, rpcQueue } from '@app/messaging';
import { EventTap, TestEnvironment } from '@app/testing';
import { startTicketService } from '../src/bootstrap';
import { ticketServiceEnv } from '../src/config';

/** ticket-service started as in production, an RPC client as the gateway has, and a view of its events. */
export class TicketServiceHarness {
  private ownsEnvironment = false;

  private constructor(
    readonly env: TestEnvironment,
    readonly app: INestApplication,
    readonly rpc: RpcClient<TicketRpcMap>,
    readonly events: EventTap,
  ) {}

  /** The usual start for a test file: a database and vhost of its own, removed again by `close()`. */
  static async startFresh(): Promise<TicketServiceHarness> {
    const harness = await TicketServiceHarness.start(await TestEnvironment.create());
    harness.ownsEnvironment = true;
    return harness;
  }

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
    await this.app
      .get(EventPublisher)
      .publish(Events.MessageDeliveryReported, { ...report, occurredAt: new Date().toISOString() });
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
    if (this.ownsEnvironment) await this.env.dispose();
  }
}

/** Every status filter a list may be asked for: none, each status, each pair, all three. */
export const STATUS_FILTERS: (TicketStatus[] | undefined)[] = [
  undefined,
  ['open'],
  ['in_progress'],
  ['closed'],
  ['open', 'in_progress'],
  ['open', 'closed'],
  ['in_progress', 'closed'],
  ['open', 'in_progress', 'closed'],
];

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
