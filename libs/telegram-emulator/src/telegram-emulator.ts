import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { BotApiState, callMethod } from './bot-api';
import { GroupChat, clientMessage } from './client-messages';
import { telegramFrom } from './client-user';
import { controlRoutes } from './control-routes';
import { SendGate } from './send-gate';
import { FileStore, UPLOAD_LIMIT_BYTES } from './file-store';
import { readMultipart } from './multipart';
import {
  BotMessage,
  ClientContent,
  ClientUser,
  EmulatedEditUpdate,
  CallbackAnswer,
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
  readonly files = new FileStore();
  /** what clients sent, by message_id, so that an edit can change it */
  private readonly clientMessages = new Map<number, EmulatedUpdate['message']>();
  private readonly state: BotApiState;
  private nextUpdateId: number;
  private nextId: number;
  private server?: Server;
  port = 0;
  private sendAnswerHold?: { held: Promise<void>; arrived: () => void };

  private constructor(private readonly options: EmulatorOptions) {
    this.nextUpdateId = this.nextId = options.firstId ?? Math.floor(Date.now() / 1000);
    this.state = {
      queue: this.queue,
      gate: this.gate,
      me: {
        id: Number(this.token.split(':')[0]),
        is_bot: true,
        first_name: 'Service Desk',
        username: 'service_desk_bot',
      },
      botMessages: [],
      callbackAnswers: [],
      commands: [],
      files: this.files,
      nextMessageId: () => this.nextId++,
    };
  }

  static async start(options: EmulatorOptions = {}): Promise<TelegramEmulator> {
    const emulator = new TelegramEmulator(options);
    const server = createServer((req, res) => void emulator.handle(req, res));
    emulator.server = server;
    // A taken port rejects (EADDRINUSE) instead of crashing the process with an unhandled 'error' event.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
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
    const update = { update_id: this.nextUpdateId++, message: clientMessage(user, content, this.nextId++, this.files) };
    this.clientMessages.set(update.message.message_id, update.message);
    this.queue.push(update);
    return update;
  }

  /** The client edits a message they sent: its text, or its caption for media. */
  clientEdits(messageId: number, change: { text?: string; caption?: string }, now = Date.now()): EmulatedEditUpdate {
    const original = this.clientMessages.get(messageId);
    if (!original) throw new Error(`No client message ${messageId}`);
    const edited = { ...original, ...change, edit_date: Math.floor(now / 1000) };
    this.clientMessages.set(messageId, edited);
    const update = { update_id: this.nextUpdateId++, edited_message: edited };
    this.queue.push(update);
    return update;
  }

  /** The client taps an inline button (by its callback data) under a message the bot sent. */
  clientTaps(user: ClientUser, message: BotMessage, callbackData: string): EmulatedCallbackUpdate {
    const buttons = message.replyMarkup?.inline_keyboard.flat() ?? [];
    if (!buttons.some((button) => button.callback_data === callbackData))
      throw new Error(`No button "${callbackData}" under message ${message.messageId}`);
    const update: EmulatedCallbackUpdate = {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: String(this.nextId++),
        from: telegramFrom(user),
        message: { message_id: message.messageId, chat: { id: message.chatId, type: 'private' } },
        chat_instance: String(message.chatId),
        data: callbackData,
      },
    };
    this.queue.push(update);
    return update;
  }

  /** The client sends a message in a group the bot is a member of. */
  clientSendsInGroup(user: ClientUser, group: GroupChat, content: ClientContent): EmulatedUpdate {
    const update = {
      update_id: this.nextUpdateId++,
      message: clientMessage(user, content, this.nextId++, this.files, Date.now(), group),
    };
    this.queue.push(update);
    return update;
  }

  /** A file the bot uploaded (sendPhoto, sendDocument), or a client's, by file_id. */
  file(fileId: string): Buffer | undefined {
    return this.files.get(fileId)?.bytes;
  }

  /** answerCallbackQuery calls, in order; for one query if given. */
  callbackAnswers(callbackQueryId?: string): CallbackAnswer[] {
    return this.state.callbackAnswers.filter(
      (answer) => callbackQueryId === undefined || answer.callbackQueryId === callbackQueryId,
    );
  }

  /** Serves an update again as if Telegram had lost its confirmation (getUpdates ignores the offset for it). */
  redeliver(updateId: number): void {
    this.queue.redeliver(updateId);
  }

  /** Messages the bot sent, in order; to one chat if given, and after `sinceSeq` if given. */
  botMessages(chatId?: number, sinceSeq = 0): BotMessage[] {
    return this.state.botMessages.filter(
      (message) => message.seq > sinceSeq && (chatId === undefined || message.chatId === chatId),
    );
  }

  // ---- Telegram's behaviour ----

  setRateLimits(limits: RateLimits): void {
    this.gate.limits = { ...limits };
  }

  blockChat(chatId: number, blocked = true): void {
    if (blocked) this.gate.blockedChats.add(chatId);
    else this.gate.blockedChats.delete(chatId);
  }

  /** The next `count` sends (sendMessage, sendPhoto, sendDocument) fail with `code` (a 429 with `retryAfter` seconds). */
  failNextSends(count: number, code = 500, description = 'Internal Server Error', retryAfter?: number): void {
    this.gate.failNext(count, code, description, retryAfter);
  }

  /**
   * From now on a sendMessage that goes through is kept (the client has it) but its answer waits until the
   * returned function is called: the bot's moment between Telegram accepting a message and hearing so.
   */
  holdSendAnswers(): { waiting: () => number; release: () => void } {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let waiting = 0;
    this.sendAnswerHold = { held, arrived: () => (waiting += 1) };
    return {
      waiting: () => waiting,
      release: () => {
        this.sendAnswerHold = undefined;
        release();
      },
    };
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

  /** The webhook the bot set: where updates go, the secret token sent with them, and how many at once. */
  webhook(): { url: string; secretToken?: string; maxConnections: number } | undefined {
    const webhook = this.queue.webhook;
    if (!webhook) return undefined;
    const secret = webhook.secretToken === undefined ? {} : { secretToken: webhook.secretToken };
    return { url: webhook.url, ...secret, maxConnections: this.queue.webhookConnections() };
  }

  /** Serves file downloads at this pace from now on (undefined: at once), so a test can interrupt one. */
  setDownloadPace(bytesPerSecond: number | undefined): void {
    this.downloadBytesPerSecond = bytesPerSecond;
  }

  // ---- HTTP ----

  private downloadBytesPerSecond?: number;
  /** file downloads begun (GET /file/bot<token>/<path>) */
  fileDownloads = 0;

  private serveFile(res: ServerResponse, bytes: Buffer | undefined): void {
    serveFileBytes(res, bytes);
  }

  /** Ten pieces a second at the set pace; stops when the bot goes away. */
  private async serveSlowly(res: ServerResponse, bytes: Buffer): Promise<void> {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
    const piece = Math.max(1, Math.floor((this.downloadBytesPerSecond ?? bytes.length) / 10));
    for (let offset = 0; offset < bytes.length && !res.destroyed; offset += piece) {
      res.write(bytes.subarray(offset, offset + piece));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    res.end();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    try {
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (download) {
        const file = download[1] === this.token ? this.files.atPath(decodeURIComponent(download[2])) : undefined;
        if (file) this.fileDownloads += 1;
        return file && this.downloadBytesPerSecond
          ? this.serveSlowly(res, file.bytes)
          : this.serveFile(res, file?.bytes);
      }
      const ownFile = /^\/_emulator\/files\/([\w-]+)$/.exec(url.pathname);
      if (ownFile) return this.serveFile(res, this.file(ownFile[1]));
      const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (api && /^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
        if (api[1] !== this.token) return reply(res, 401, apiError(401, 'Unauthorized'));
        const body = await readMultipart(req, UPLOAD_LIMIT_BYTES);
        if ('tooLarge' in body) return reply(res, 413, apiError(413, 'Request Entity Too Large'));
        const params = { ...Object.fromEntries(url.searchParams), ...body.params };
        const result = await callMethod(this.state, api[2], params, abort.signal, body.files);
        return reply(res, result.ok ? 200 : result.error_code, result);
      }
      const params = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
      if (api) {
        const result =
          api[1] === this.token
            ? await callMethod(this.state, api[2], params, abort.signal)
            : apiError(401, 'Unauthorized');
        const hold = this.sendAnswerHold;
        if (hold && result.ok && api[2].toLowerCase() === 'sendmessage') {
          hold.arrived();
          await hold.held;
        }
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

function serveFileBytes(res: ServerResponse, bytes: Buffer | undefined): void {
  if (!bytes) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length }).end(bytes);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  if (body === '') return {};
  if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(body));
  return JSON.parse(body) as Record<string, unknown>;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
