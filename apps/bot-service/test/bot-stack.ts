import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { MessageView, ServiceName, TicketRpc, TicketRpcMap, TicketView } from '@app/contracts';
import { parseConfig } from '@app/config';
import { RpcClient, messagingOptionsFromEnv, rpcQueue } from '@app/messaging';
import { BotMessage, ClientUser, SendAttempt, TelegramEmulator } from '@app/telegram-emulator';
import { TcpProxy, TestEnvironment, eventually } from '@app/testing';
import { startTicketService } from '../../ticket-service/src/bootstrap';
import { ticketServiceEnv } from '../../ticket-service/src/config';
import { startBotService } from '../src/bootstrap';
import { botServiceEnv } from '../src/config';

/**
 * bot-service as deployed (one replica or more), between a Telegram Bot API emulator and the real ticket-service, over the real
 * Postgres and RabbitMQ of one TestEnvironment; plus an RPC client to look at tickets as employees do.
 */
export class BotStack {
  /** bot-service replicas, the first one started first */
  readonly bots: INestApplication[] = [];
  ticketService?: INestApplication;
  private readonly db: Client;

  private constructor(
    readonly env: TestEnvironment,
    readonly telegram: TelegramEmulator,
    readonly tickets: RpcClient<TicketRpcMap>,
  ) {
    this.db = new Client({ connectionString: env.databaseUrl });
  }

  static async create(): Promise<BotStack> {
    const env = await TestEnvironment.create();
    const telegram = await TelegramEmulator.start();
    const callerConfig = parseConfig(ticketServiceEnv, env.env({ RPC_TIMEOUT_MS: '3000' }));
    const callerOptions = messagingOptionsFromEnv(ServiceName.ApiGateway, callerConfig);
    const tickets = new RpcClient<TicketRpcMap>(callerOptions, rpcQueue(ServiceName.TicketService));
    const stack = new BotStack(env, telegram, tickets);
    await stack.db.connect();
    return stack;
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
  async startBot(extra: Record<string, string> = {}, { postgres, port = 0 }: { postgres?: TcpProxy; port?: number } = {}): Promise<void> {
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
    await this.tickets.onApplicationShutdown();
    await this.db.end();
    await this.telegram.stop();
    await this.env.dispose();
  }

  // ---- what a user would see ----

  /** The client's active ticket, as an employee's list shows it. */
  async ticketOf(user: ClientUser): Promise<TicketView | undefined> {
    const page = await this.tickets.call(TicketRpc.ListTickets, { limit: 100 });
    return page.items.find((ticket) => ticket.client.telegramId === user.id);
  }

  async conversation(ticketId: number): Promise<MessageView[]> {
    return (await this.tickets.call(TicketRpc.ListMessages, { ticketId, limit: 100 })).items;
  }

  /** Waits until the client's ticket holds `count` messages; returns the ticket and its conversation. */
  async waitForConversation(user: ClientUser, count: number, timeoutMs = 15_000): Promise<{ ticket: TicketView; messages: MessageView[] }> {
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
    return (await this.db.query(sql, params)).rows as T[];
  }
}

let nextUserId = 6_000_000_000;

/** A Telegram client; ids above 2^31, as real ones are. */
export function clientUser(firstName: string, languageCode = 'ru'): ClientUser {
  nextUserId += 1;
  return { id: nextUserId, first_name: firstName, username: firstName.toLowerCase(), language_code: languageCode };
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
