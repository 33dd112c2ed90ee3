import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { INestApplication } from '@nestjs/common';
import amqplib from 'amqplib';
import { Client } from 'pg';
import request from 'supertest';
import { ServiceName } from '@app/contracts';
import { parseConfig } from '@app/config';
import { lockedDatabaseSql, serviceRoleSql } from '@app/database';
import { brokerPermissions, eventQueue, rpcQueue } from '@app/messaging';
import { TelegramEmulator, clientUser } from '@app/telegram-emulator';
import { TestEnvironment, eventually } from '@app/testing';
import { startGateway } from '../apps/api-gateway/src/bootstrap';
import { gatewayEnv } from '../apps/api-gateway/src/config';
import { startBotService } from '../apps/bot-service/src/bootstrap';
import { botServiceEnv } from '../apps/bot-service/src/config';
import { startTicketService } from '../apps/ticket-service/src/bootstrap';
import { ticketServiceEnv } from '../apps/ticket-service/src/config';

const run = promisify(execFile);
const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });

const SCHEMA = {
  [ServiceName.ApiGateway]: 'auth',
  [ServiceName.TicketService]: 'ticket',
  [ServiceName.BotService]: 'bot',
} as const;
const SERVICES = Object.keys(SCHEMA) as ServiceName[];

/**
 * The whole desk with each service as a user of its own, in Postgres (owner of its schema only) and in
 * RabbitMQ (brokerPermissions): a conversation still works end to end, and no service can read what is
 * another's. Users and roles get run-unique names and are removed afterwards.
 */
describe('least privilege: a Postgres role and a RabbitMQ user per service', () => {
  let env: TestEnvironment;
  let telegram: TelegramEmulator;
  const apps: INestApplication[] = [];
  const password = randomBytes(12).toString('hex');
  const userOf = (service: ServiceName) => `${env.name}_${SCHEMA[service]}`;
  const databaseUrlOf = (service: ServiceName) => {
    const url = new URL(env.databaseUrl);
    Object.assign(url, { username: userOf(service), password });
    return url.toString();
  };
  const rabbitUrlOf = (service: ServiceName) => {
    const url = new URL(env.rabbitUrl);
    Object.assign(url, { username: userOf(service), password });
    return url.toString();
  };
  const variablesOf = (service: ServiceName, extra: Record<string, string> = {}) =>
    env.env({
      DATABASE_URL: databaseUrlOf(service),
      RABBITMQ_URL: rabbitUrlOf(service),
      RABBITMQ_DECLARE: 'own',
      LOG_LEVEL: 'silent',
      ...extra,
    });
  const asSuperuser = async (statements: string[]) => {
    const client = new Client({ connectionString: env.databaseUrl });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    telegram = await TelegramEmulator.start();
    const database = new URL(env.databaseUrl).pathname.slice(1);
    await asSuperuser([
      ...lockedDatabaseSql(database),
      ...SERVICES.flatMap((service) => serviceRoleSql(userOf(service), password, SCHEMA[service], database)),
    ]);
    for (const service of SERVICES) {
      const { configure, write, read } = brokerPermissions(service);
      await rabbitmqctl('add_user', userOf(service), password);
      await rabbitmqctl('set_permissions', '-p', env.name, userOf(service), configure, write, read);
    }
    apps.push(
      await startTicketService(
        parseConfig(
          ticketServiceEnv,
          variablesOf(ServiceName.TicketService, {
            RABBITMQ_GATEWAY_USER: userOf(ServiceName.ApiGateway),
            RABBITMQ_BOT_USER: userOf(ServiceName.BotService),
          }),
        ),
        { port: 0 },
      ),
    );
    apps.push(
      await startGateway(
        parseConfig(
          gatewayEnv,
          variablesOf(ServiceName.ApiGateway, {
            JWT_SECRET: 'least-privilege-test-secret-0123456789abcdef',
            ADMIN_EMAIL: 'admin@desk.test',
            ADMIN_PASSWORD: 'correct horse battery',
          }),
        ),
        { port: 0 },
      ),
    );
    apps.push(
      await startBotService(
        parseConfig(
          botServiceEnv,
          variablesOf(ServiceName.BotService, {
            TELEGRAM_BOT_TOKEN: telegram.token,
            TELEGRAM_API_ROOT: telegram.apiRoot,
          }),
        ),
        { port: 0 },
      ),
    );
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await telegram?.stop();
    await env?.dispose();
    for (const service of SERVICES) {
      await rabbitmqctl('delete_user', userOf(service)).catch(() => undefined);
      const admin = new Client({
        connectionString: process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
      });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS "${userOf(service)}"`).finally(() => admin.end());
    }
  });

  it('carries a conversation end to end, each service running as its own user', async () => {
    const gateway = request(apps[1].getHttpServer());
    const login = await gateway
      .post('/auth/login')
      .send({ email: 'admin@desk.test', password: 'correct horse battery' })
      .expect(200);
    const auth = `Bearer ${login.body.accessToken}`;
    const client = clientUser('Ivan', 'en');

    telegram.clientSends(client, { text: 'The printer is on fire' });
    const ticket = await eventually(
      async () =>
        (await gateway.get('/tickets').set('Authorization', auth)).body.items?.find(
          (t: { client: { telegramId: number } }) => t.client.telegramId === client.id,
        ),
      { timeoutMs: 20_000, message: 'the ticket in GET /tickets' },
    );
    await gateway
      .post(`/tickets/${ticket.id}/messages`)
      .set('Authorization', auth)
      .send({ text: 'Stand back' })
      .expect(201);

    await eventually(() => telegram.botMessages(client.id).some((message) => message.text === 'Stand back'), {
      message: 'reply delivered',
    });
    await eventually(
      async () => {
        const messages = await gateway.get(`/tickets/${ticket.id}/messages`).set('Authorization', auth);
        return messages.body.items.some((m: { deliveryStatus: string }) => m.deliveryStatus === 'delivered');
      },
      { message: 'delivery reported back' },
    );
  });

  it('lets no service read another’s schema', async () => {
    const cases: [ServiceName, string][] = [
      [ServiceName.BotService, 'SELECT password_hash FROM auth.employees'],
      [ServiceName.ApiGateway, 'SELECT text FROM ticket.messages'],
      [ServiceName.TicketService, 'SELECT payload FROM bot.inbound_updates'],
    ];
    for (const [service, sql] of cases) {
      const client = new Client({ connectionString: databaseUrlOf(service) });
      await client.connect();
      try {
        await expect(client.query(sql)).rejects.toThrow(/permission denied for schema/);
      } finally {
        await client.end();
      }
    }
  });

  it('lets no service consume another’s queue', async () => {
    const cases: [ServiceName, string][] = [
      [ServiceName.ApiGateway, eventQueue(ServiceName.BotService)],
      [ServiceName.BotService, rpcQueue(ServiceName.TicketService)],
      [ServiceName.BotService, eventQueue(ServiceName.TicketService)],
      [ServiceName.TicketService, eventQueue(ServiceName.BotService)],
    ];
    for (const [service, queue] of cases) {
      const connection = await amqplib.connect(rabbitUrlOf(service));
      try {
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        await expect(channel.consume(queue, () => undefined)).rejects.toThrow(/ACCESS_REFUSED/);
      } finally {
        await connection.close().catch(() => undefined);
      }
    }
  });
});
