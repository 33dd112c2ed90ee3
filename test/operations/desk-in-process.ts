import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { parseConfig } from '@app/config';
import { ClientUser, TelegramEmulator } from '@app/telegram-emulator';
import { TestEnvironment } from '@app/testing';
import { startGateway } from '../../apps/api-gateway/src/bootstrap';
import { gatewayEnv } from '../../apps/api-gateway/src/config';
import { startBotService } from '../../apps/bot-service/src/bootstrap';
import { botServiceEnv } from '../../apps/bot-service/src/config';
import { startTicketService } from '../../apps/ticket-service/src/bootstrap';
import { ticketServiceEnv } from '../../apps/ticket-service/src/config';

export const ADMIN = { email: 'admin@ops.test', password: 'operators-admin-password' } as const;

/**
 * The three services in this process, over the real Postgres and RabbitMQ of one TestEnvironment and a Bot
 * API emulator: what an operator scrapes and traces, reached over HTTP like Prometheus does.
 */
export class DeskInProcess {
  private constructor(
    readonly env: TestEnvironment,
    readonly telegram: TelegramEmulator,
    readonly gateway: NestExpressApplication,
    readonly ticketService: INestApplication,
    readonly bot: INestApplication,
  ) {}

  static async start(): Promise<DeskInProcess> {
    const env = await TestEnvironment.create();
    const telegram = await TelegramEmulator.start();
    const common = env.env({ LOG_LEVEL: 'silent', RPC_TIMEOUT_MS: '5000' });
    const ticketService = await startTicketService(parseConfig(ticketServiceEnv, common), { port: 0 });
    const gateway = await startGateway(
      parseConfig(gatewayEnv, {
        ...common,
        JWT_SECRET: 'operators-test-secret-0123456789abcdef0123',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // the metrics test provokes a throttled login: two failures, then a wait no test outlasts
        LOGIN_FAILURES_BEFORE_DELAY: '2',
        LOGIN_FIRST_DELAY_SECONDS: '600',
      }),
      { port: 0 },
    );
    const bot = await startBotService(
      parseConfig(botServiceEnv, {
        ...common,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_RATE_PER_CHAT: '20',
        TELEGRAM_RATE_GLOBAL: '100',
      }),
      { port: 0 },
    );
    return new DeskInProcess(env, telegram, gateway, ticketService, bot);
  }

  async stop(): Promise<void> {
    await this.bot?.close();
    await this.gateway?.close();
    await this.ticketService?.close();
    await this.telegram?.stop();
    await this.env?.dispose();
  }

  /** A REST call to the gateway, as an employee's client makes it. */
  async api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
    const response = await fetch(await url(this.gateway, path), {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async logIn(): Promise<string> {
    const login = await this.api('POST', '/auth/login', ADMIN);
    if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
    return login.body.accessToken as string;
  }

  /** The client's open ticket, as the employee's list shows it. */
  async ticketOf(client: ClientUser, token: string): Promise<{ id: number } | undefined> {
    const list = await this.api('GET', '/tickets?limit=100', undefined, token);
    return list.body.items?.find(
      (ticket: { client: { telegramId: number } }) => ticket.client.telegramId === client.id,
    );
  }
}

export async function url(app: INestApplication, path: string): Promise<string> {
  return `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}${path}`;
}
