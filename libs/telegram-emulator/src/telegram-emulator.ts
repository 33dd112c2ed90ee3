import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { BotApiState, callMethod } from './bot-api';
import { clientMessage } from './client-messages';
import { controlRoutes } from './control-routes';
import { SendGate } from './send-gate';
import {
  BotMessage,
  CallbackAnswer,
  ClientContent,
  ClientUser,
  EmulatedCallbackUpdate,
  EmulatedUpdate,
  EmulatorStats,
  RateLimits,
  SendAttempt,
  apiError,
} from './types';
import { UpdateQueue } from './update-queue';

export const EMULATOR_TOKEN = '100000001:EMULATOR-token-for-tests-and-the-sandbox';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port */
  port?: number;
  host?: string;
  /** the only token the API accepts; others get 401 */
  token?: string;
  /**
   * First update_id and message_id. Both only grow, and the default (epoch seconds) keeps them growing across
   * restarts, so a bot that remembers ids it has seen never mistakes a new message for a redelivery.
   */
  firstId?: number;
  /** answers requests outside the Bot API and /_emulator (e.g. a sandbox page); return false for 404 */
  fallback?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/**
 * A Telegram Bot API on 127.0.0.1 (plain node:http): the methods Telegraf uses, long polling with offset
 * confirmation, webhooks with a secret token, 429/403/failure injection, and controls for playing the
 * client, as methods and as JSON endpoints under `/_emulator/`.
 */
export class TelegramEmulator {
  readonly queue = new UpdateQueue();
  readonly gate = new SendGate();
  private readonly state: BotApiState;
  private nextUpdateId: number;
  private nextId: number;
  private server?: Server;
  port = 0;

  private constructor(private readonly options: EmulatorOptions) {
    this.nextUpdateId = this.nextId = options.firstId ?? Math.floor(Date.now() / 1000);
    this.state = {
      queue: this.queue,
      gate: this.gate,
      me: { id: Number(this.token.split(':')[0]), is_bot: true, first_name: 'Service Desk', username: 'service_desk_bot' },
      botMessages: [],
      callbackAnswers: [],
      commands: [],
      nextMessageId: () => this.nextId++,
    };
  }

  static async start(options: EmulatorOptions = {}): Promise<TelegramEmulator> {
    const emulator = new TelegramEmulator(options);
    const server = createServer((req, res) => void emulator.handle(req, res));
    emulator.server = server;
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
    emulator.port = (server.address() as AddressInfo).port;
    return emulator;
  }

  get token(): string {
    return this.options.token ?? EMULATOR_TOKEN;
  }

  /** What a bot sets as its API root (Telegraf's `telegram.apiRoot`). */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await this.queue.stop();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ---- the client's side ----

  /** The client sends a message; returns the update the bot will receive. */
  clientSends(user: ClientUser, content: ClientContent): EmulatedUpdate {
    const update = { update_id: this.nextUpdateId++, message: clientMessage(user, content, this.nextId++) };
    this.queue.push(update);
    return update;
  }

  /** The client taps an inline button (by its callback data) under a message the bot sent. */
  clientTaps(user: ClientUser, message: BotMessage, callbackData: string): EmulatedCallbackUpdate {
    const buttons = message.replyMarkup?.inline_keyboard.flat() ?? [];
    if (!buttons.some((button) => button.callback_data === callbackData)) throw new Error(`No button "${callbackData}" under message ${message.messageId}`);
    const { id, first_name, last_name, username, language_code } = user;
    const update: EmulatedCallbackUpdate = {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: String(this.nextId++),
        from: { id, is_bot: false, first_name, last_name, username, language_code },
        message: { message_id: message.messageId, chat: { id: message.chatId } },
        chat_instance: String(message.chatId),
        data: callbackData,
      },
    };
    this.queue.push(update);
    return update;
  }

  /** answerCallbackQuery calls, in order; for one query if given. */
  callbackAnswers(callbackQueryId?: string): CallbackAnswer[] {
    return this.state.callbackAnswers.filter((answer) => callbackQueryId === undefined || answer.callbackQueryId === callbackQueryId);
  }

  /** Serves an update again as if Telegram had lost its confirmation (getUpdates ignores the offset for it). */
  redeliver(updateId: number): void {
    this.queue.redeliver(updateId);
  }

  /** Messages the bot sent, in order; to one chat if given, and after `sinceSeq` if given. */
  botMessages(chatId?: number, sinceSeq = 0): BotMessage[] {
    return this.state.botMessages.filter((message) => message.seq > sinceSeq && (chatId === undefined || message.chatId === chatId));
  }

  // ---- Telegram's behaviour ----

  setRateLimits(limits: RateLimits): void {
    this.gate.limits = { ...limits };
  }

  blockChat(chatId: number, blocked = true): void {
    if (blocked) this.gate.blockedChats.add(chatId);
    else this.gate.blockedChats.delete(chatId);
  }

  /** The next `count` sendMessage calls fail with `code`. */
  failNextSends(count: number, code = 500, description = 'Internal Server Error'): void {
    this.gate.failNext(count, code, description);
  }

  stats(): EmulatorStats {
    return { ...this.gate.stats, webhookPosts: this.queue.webhookPosts, webhookRejected: this.queue.webhookRejected };
  }

  sendAttempts(chatId?: number): SendAttempt[] {
    return this.gate.attempts.filter((attempt) => chatId === undefined || attempt.chatId === chatId);
  }

  /** Update ids not yet confirmed, those handed to the bot at least once, and those confirmed, in order. */
  updates(): { pending: number[]; served: number[]; confirmed: number[] } {
    return { pending: this.queue.pendingIds(), served: [...this.queue.served], confirmed: [...this.queue.confirmed] };
  }

  isConfirmed(updateId: number): boolean {
    return this.queue.confirmedAt.has(updateId);
  }

  /** When the bot confirmed the update (epoch ms), if it has. */
  confirmedAt(updateId: number): number | undefined {
    return this.queue.confirmedAt.get(updateId);
  }

  /** The webhook the bot set: where updates go and the secret token sent with them. */
  webhook(): { url: string; secretToken?: string } | undefined {
    const webhook = this.queue.webhook;
    if (!webhook) return undefined;
    return webhook.secretToken === undefined ? { url: webhook.url } : { url: webhook.url, secretToken: webhook.secretToken };
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    try {
      const params = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
      const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (api) {
        const result = api[1] === this.token ? await callMethod(this.state, api[2], params, abort.signal) : apiError(401, 'Unauthorized');
        return reply(res, result.ok ? 200 : result.error_code, result);
      }
      const control = controlRoutes(this)[`${req.method} ${url.pathname}`];
      if (control) return reply(res, 200, (await control(params)) ?? { ok: true });
      if (this.options.fallback?.(req, res)) return;
      reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    } catch (error) {
      reply(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${(error as Error).message}` });
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  if (body === '') return {};
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  return JSON.parse(body) as Record<string, unknown>;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
