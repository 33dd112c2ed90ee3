import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { MessageView, ServiceName, TicketRpc, TicketRpcMap, TicketView } from '@app/contracts';
import { parseConfig } from '@app/config';
import { RpcClient, messagingOptionsFromEnv, rpcQueue } from '@app/messaging';
import { BotMessage, ClientUser, SendAttempt, TelegramEmulator } from '@app/telegram-emulator';
import { TcpProxy, TestEnvironment, eventually, freePort } from '@app/testing';
import { startTicketService } from '../../ticket-service/src/bootstrap';
import { ticketServiceEnv } from '../../ticket-service/src/config';
import { startBotService } from '../src/bootstrap';
import { botServiceEnv } from '../src/config';

/** The secret of a webhook-mode bot started by `startWebhookBot`. */
export const WEBHOOK_SECRET = 'webhook-secret-0123456789';

/**
 * A second replica that does not poll Telegram (webhook mode, with the webhook someone else's business): it
 * only forwards stored updates and sends queued messages, competing with the first for both.
 */
export const NON_POLLING_REPLICA = {
  TELEGRAM_MODE: 'webhook',
  TELEGRAM_SET_WEBHOOK: 'false',
  TELEGRAM_WEBHOOK_URL: 'http://127.0.0.1:1/telegram/webhook',
  TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
};

/** What a spec file's stack starts with: bot-service replicas' extra variables after ticket-service, or its own steps. */
type StackSetup = Record<string, string>[] | ((stack: BotStack) => Promise<void>);

/**
 * bot-service as deployed (one replica or more), between a Telegram Bot API emulator and the real ticket-service, over the real
 * Postgres and RabbitMQ of one TestEnvironment; plus an RPC client to look at tickets as employees do.
 */
export class BotStack {
  /** bot-service replicas, the first one started first */
  readonly bots: INestApplication[] = [];
  ticketService?: INestApplication;
  /** where Telegram posts updates to the bot started by `startWebhookBot` */
  webhookUrl = '';
  private opened?: { env: TestEnvironment; telegram: TelegramEmulator; tickets: RpcClient<TicketRpcMap>; db: Client };

  get env(): TestEnvironment {
    return this.parts.env;
  }

  get telegram(): TelegramEmulator {
    return this.parts.telegram;
  }

  get tickets(): RpcClient<TicketRpcMap> {
    return this.parts.tickets;
  }

  static async create(): Promise<BotStack> {
    const stack = new BotStack();
    await stack.open();
    return stack;
  }

  /**
   * The stack a spec file's tests share: opened before them with ticket-service and one bot-service (by default),
   * disposed after them. Use it inside tests and hooks, where it is open.
   */
  static forSpecFile(setup: StackSetup = [{}]): BotStack {
    const stack = new BotStack();
    beforeAll(async () => {
      await stack.open();
      if (typeof setup === 'function') return setup(stack);
      await stack.startTicketService();
      for (const extra of setup) await stack.startBot(extra);
    });
    afterAll(() => stack.dispose());
    return stack;
  }

  private get parts(): NonNullable<BotStack['opened']> {
    if (!this.opened) throw new Error('BotStack used before it was opened (in a test or hook, after beforeAll)');
    return this.opened;
  }

  private async open(): Promise<void> {
    const env = await TestEnvironment.create();
    const telegram = await TelegramEmulator.start();
    const callerConfig = parseConfig(ticketServiceEnv, env.env({ RPC_TIMEOUT_MS: '3000' }));
    const callerOptions = messagingOptionsFromEnv(ServiceName.ApiGateway, callerConfig);
    const tickets = new RpcClient<TicketRpcMap>(callerOptions, rpcQueue(ServiceName.TicketService));
    const db = new Client({ connectionString: env.databaseUrl });
    // a test may terminate every backend of the database (a fault it injects); this connection then just ends
    db.on('error', () => undefined);
    this.opened = { env, telegram, tickets, db };
    await db.connect();
  }

  async startTicketService(extra: Record<string, string> = {}): Promise<void> {
    this.ticketService = await startTicketService(parseConfig(ticketServiceEnv, this.env.env(extra)), { port: 0 });
  }

  async stopTicketService(): Promise<void> {
    await this.ticketService?.close();
    this.ticketService = undefined;
  }

  /**
   * Starts bot-service. `postgres` lets it reach Postgres through a TcpProxy the test can cut; `port` is
   * for webhook mode, where the webhook URL must be known before the service listens.
   */
  async startBot(
    extra: Record<string, string> = {},
    { postgres, port = 0 }: { postgres?: TcpProxy; port?: number } = {},
  ): Promise<void> {
    const config = parseConfig(
      botServiceEnv,
      this.env.env({
        ...(postgres ? { DATABASE_URL: postgres.wrap(this.env.databaseUrl) } : {}),
        TELEGRAM_BOT_TOKEN: this.telegram.token,
        TELEGRAM_API_ROOT: this.telegram.apiRoot,
        TELEGRAM_RATE_PER_CHAT: '20',
        TELEGRAM_RATE_GLOBAL: '100',
        RPC_TIMEOUT_MS: '1500',
        ...extra,
      }),
    );
    this.bots.push(await startBotService(config, { port }));
  }

  /** Starts bot-service in webhook mode on a free port, its webhook at `webhookUrl` with WEBHOOK_SECRET. */
  async startWebhookBot(extra: Record<string, string> = {}): Promise<void> {
    const port = await freePort();
    this.webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    const webhook = {
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: this.webhookUrl,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    await this.startBot({ ...webhook, ...extra }, { port });
  }

  /** Posts a body to the webhook as Telegram would; `secret` is the secret-token header (null: none). */
  postToWebhook(body: unknown, secret: string | null = WEBHOOK_SECRET): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
    return fetch(this.webhookUrl, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  async stopBots(): Promise<void> {
    for (const bot of this.bots.splice(0).reverse()) await bot.close();
  }

  /** The URL the first bot-service replica answers on. */
  async botUrl(path: string): Promise<string> {
    return `${(await this.bots[0].getUrl()).replace('[::1]', '127.0.0.1')}${path}`;
  }

  async dispose(): Promise<void> {
    await this.stopBots();
    await this.stopTicketService();
    if (!this.opened) return;
    const { tickets, db, telegram, env } = this.opened;
    await tickets.onApplicationShutdown();
    await db.end();
    await telegram.stop();
    await env.dispose();
  }

  // ---- what a user would see ----

  /** The client's active ticket, as an employee's list shows it. */
  async ticketOf(user: ClientUser): Promise<TicketView | undefined> {
    const page = await this.tickets.call(TicketRpc.ListTickets, { limit: 100 });
    return page.items.find((ticket) => ticket.client.telegramId === user.id);
  }

  /** The ticket's conversation without the bot's own notices (`kind: system`; `chat()` has what they said). */
  async conversation(ticketId: number): Promise<MessageView[]> {
    return (await this.tickets.call(TicketRpc.ListMessages, { ticketId, limit: 100 })).items.filter(
      (message) => message.kind !== 'system',
    );
  }

  /** Waits until the client's ticket holds `count` messages; returns the ticket and its conversation. */
  async waitForConversation(
    user: ClientUser,
    count: number,
    timeoutMs = 15_000,
  ): Promise<{ ticket: TicketView; messages: MessageView[] }> {
    return eventually(
      async () => {
        const ticket = await this.ticketOf(user);
        const messages = ticket ? await this.conversation(ticket.id) : [];
        return ticket && messages.length >= count && { ticket, messages };
      },
      { timeoutMs, message: `${count} messages on ${user.first_name}'s ticket` },
    );
  }

  /** Waits until the bot has sent the chat `count` messages; returns their texts. */
  async waitForChat(user: ClientUser, count: number, timeoutMs = 15_000): Promise<string[]> {
    const messages = await eventually(() => this.chat(user).length >= count && this.chat(user), {
      timeoutMs,
      message: `${count} bot messages to ${user.first_name}`,
    });
    return messages.map((message) => message.text);
  }

  chat(user: ClientUser): BotMessage[] {
    return this.telegram.botMessages(user.id);
  }

  attempts(user?: ClientUser): SendAttempt[] {
    return this.telegram.sendAttempts(user?.id);
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.parts.db.query(sql, params)).rows as T[];
  }
}

/** The largest number of timestamps within any window of `windowMs` (half-open: [t, t + windowMs)). */
export function busiestWindow(timestamps: number[], windowMs = 1000): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end] < sorted[start] + windowMs) end += 1;
    best = Math.max(best, end - start);
  }
  return best;
}
