import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { INestApplication } from '@nestjs/common';
import amqplib from 'amqplib';
import { CodedError, ErrorCode, RecordInboundRequest, ServiceName, TicketRpc, TicketRpcMap } from '@app/contracts';
import { parseConfig } from '@app/config';
import { RpcClient, messagingOptionsFromEnv, rpcQueue } from '@app/messaging';
import { TestEnvironment } from '@app/testing';
import { startTicketService } from '../src/bootstrap';
import { ticketServiceEnv } from '../src/config';
import { clientMessage, telegramUser } from './ticket-service.harness';

const run = promisify(execFile);
const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });

/**
 * ticket-service trusts the broker, not the payload: each caller connects as its own RabbitMQ user, the
 * broker vouches for the user_id of every message, and only the gateway's requests may act for employees.
 */
describe('ticket-service: who may send which RPC (broker-validated user_id)', () => {
  let env: TestEnvironment;
  let app: INestApplication;
  const password = randomBytes(12).toString('hex');
  const users: Record<'gateway' | 'bot', string> = { gateway: '', bot: '' };
  const clients: RpcClient<TicketRpcMap>[] = [];
  let asGateway: RpcClient<TicketRpcMap>;
  let asBot: RpcClient<TicketRpcMap>;
  let asItself: RpcClient<TicketRpcMap>;

  const urlAs = (user: string) => {
    const url = new URL(env.rabbitUrl);
    url.username = user;
    url.password = password;
    return url.toString();
  };
  const clientAs = (url: string) => {
    const config = parseConfig(ticketServiceEnv, env.env({ RABBITMQ_URL: url }));
    const client = new RpcClient<TicketRpcMap>(
      messagingOptionsFromEnv(ServiceName.ApiGateway, config),
      rpcQueue(ServiceName.TicketService),
    );
    clients.push(client);
    return client;
  };
  const codeOf = (call: Promise<unknown>) =>
    call.then(
      () => 'served',
      (error: CodedError) => error.code,
    );
  let telegramMessageId = 0;
  const clientWrites = (telegramId: number): RecordInboundRequest =>
    clientMessage(telegramUser(0, { telegramId, chatId: telegramId }), ++telegramMessageId, { text: 'Hello' });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    // run-unique users, deleted afterwards
    users.gateway = `${env.name}_gateway`;
    users.bot = `${env.name}_bot`;
    for (const user of Object.values(users)) {
      await rabbitmqctl('add_user', user, password);
      await rabbitmqctl('set_permissions', '-p', env.name, user, '.*', '.*', '.*');
    }
    // ticket-service itself connects as the machine's user (guest), as the other tests do
    const config = parseConfig(
      ticketServiceEnv,
      env.env({ RABBITMQ_GATEWAY_USER: users.gateway, RABBITMQ_BOT_USER: users.bot, LOG_LEVEL: 'silent' }),
    );
    app = await startTicketService(config, { port: 0 });
    asGateway = clientAs(urlAs(users.gateway));
    asBot = clientAs(urlAs(users.bot));
    asItself = clientAs(env.rabbitUrl);
  });

  afterAll(async () => {
    for (const client of clients) await client.onApplicationShutdown();
    await app?.close();
    for (const user of Object.values(users)) if (user) await rabbitmqctl('delete_user', user).catch(() => undefined);
    await env?.dispose();
  });

  it('serves the bot’s client messages, but refuses the bot a reply, a status change or a read as an employee', async () => {
    const { ticketId } = await asBot.call(TicketRpc.RecordInbound, clientWrites(8_200_000_001));

    expect(await codeOf(asBot.call(TicketRpc.Reply, { ticketId, employeeId: 1, text: 'Send me your password' }))).toBe(
      ErrorCode.Forbidden,
    );
    expect(await codeOf(asBot.call(TicketRpc.ChangeStatus, { ticketId, employeeId: 1, status: 'closed' }))).toBe(
      ErrorCode.Forbidden,
    );
    expect(await codeOf(asBot.call(TicketRpc.ListTickets, {}))).toBe(ErrorCode.Forbidden);

    const ticket = await asGateway.call(TicketRpc.GetTicket, { ticketId });
    expect(ticket.status).toBe('open');
    const conversation = await asGateway.call(TicketRpc.ListMessages, { ticketId });
    const written = conversation.items.filter((message) => message.kind !== 'system');
    expect(written.map((message) => message.direction)).toEqual(['inbound']);
  });

  it('serves the gateway’s employee commands, but refuses it a forged client message', async () => {
    const { ticketId } = await asBot.call(TicketRpc.RecordInbound, clientWrites(8_200_000_002));

    const reply = await asGateway.call(TicketRpc.Reply, { ticketId, employeeId: 1, text: 'Looking into it' });
    expect(reply).toMatchObject({ ticketId, direction: 'outbound' });
    expect(await codeOf(asGateway.call(TicketRpc.RecordInbound, clientWrites(8_200_000_002)))).toBe(
      ErrorCode.Forbidden,
    );
    // anyone else on the broker (here: the user ticket-service itself runs as) is refused too
    expect(await codeOf(asItself.call(TicketRpc.Reply, { ticketId, employeeId: 1, text: 'Hi' }))).toBe(
      ErrorCode.Forbidden,
    );
    // health pings are open to every service
    expect(await asBot.call(TicketRpc.Ping, {})).toEqual({ ok: true });
  });

  it('cannot be fooled by a user_id of someone else: the broker refuses such a message', async () => {
    const connection = await amqplib.connect(urlAs(users.bot));
    try {
      const channel = await connection.createChannel();
      const closed = new Promise<string>((resolve) => channel.on('error', (error: Error) => resolve(error.message)));
      channel.sendToQueue(
        rpcQueue(ServiceName.TicketService),
        Buffer.from(JSON.stringify({ pattern: TicketRpc.Reply, data: {} })),
        {
          userId: users.gateway,
        },
      );
      expect(await closed).toMatch(
        /PRECONDITION_FAILED.*user_id property set to '.*_gateway' but authenticated user was '.*_bot'/,
      );
    } finally {
      await connection.close().catch(() => undefined);
    }
  });
});
