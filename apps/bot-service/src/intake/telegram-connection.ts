import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { backoff, pause } from '@app/runtime';
import { BotServiceConfig } from '../config';
import { BOT_COMMANDS } from '../texts/client-texts';

/** The updates the bot asks Telegram for: messages, and clients' edits of them. */
const ALLOWED_UPDATES: ('message' | 'edited_message' | 'callback_query')[] = [
  'message',
  'edited_message',
  'callback_query',
];

/** At shutdown, how long to wait for the batch under way to be stored and its offset confirmed. */
const POLLING_STOP_GRACE_MS = 5000;
const RECONNECT_BACKOFF = { baseMs: 2000, capMs: 30_000 };

/**
 * Connects Telegraf to Telegram: long polling (one replica) or a webhook with a secret token (any number
 * of replicas; the route is TelegramWebhookController). Every update first passes the middlewares of
 * update-middleware.ts (set aside if malformed, one at a time per chat). Telegraf asks for the next offset
 * only once the handlers of the whole batch have resolved (telegraf/lib/core/network/polling.js, `loop`), and
 * our handlers resolve only once the update is stored: that is what makes the acknowledgement safe.
 */
@Injectable()
export class TelegramConnection implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TelegramConnection.name);
  private readonly stopping = new AbortController();
  private polling?: Promise<void>;

  constructor(
    @InjectBot() private readonly bot: Telegraf,
    private readonly config: BotServiceConfig,
  ) {}

  onModuleInit(): void {
    // nestjs-telegraf's default logs a handler's error and carries on, which would acknowledge an update
    // that was not stored. Rethrown, it fails the webhook request (Telegram retries) or restarts polling.
    this.bot.catch((error) => {
      throw error;
    });
    toleratesStopWhenNotRunning(this.bot);
  }

  onApplicationBootstrap(): void {
    void this.announceCommands();
    if (this.config.TELEGRAM_MODE === 'polling') this.polling = this.poll();
    else if (this.config.TELEGRAM_SET_WEBHOOK) void this.registerWebhook();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    if (!this.polling) return;
    this.bot.stop('shutdown');
    const grace = new AbortController();
    await Promise.race([this.polling, pause(POLLING_STOP_GRACE_MS, grace.signal)]);
    grace.abort();
  }

  /** One update from the webhook; resolves once it is stored, rejects if it could not be. */
  async handleWebhookUpdate(update: Update): Promise<void> {
    // Fetched here rather than by Telegraf, which would cache a failed getMe for good.
    this.bot.botInfo ??= await this.bot.telegram.getMe();
    await this.bot.handleUpdate(update);
  }

  private async poll(): Promise<void> {
    for (let failures = 1; !this.stopping.signal.aborted; failures += 1) {
      try {
        await this.bot.launch({ allowedUpdates: ALLOWED_UPDATES }, () => {
          if (this.stopping.signal.aborted) throw new Error('Shutting down');
          this.logger.log({ bot: this.bot.botInfo?.username }, 'Polling Telegram for updates');
          failures = 0;
        });
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        const backoffMs = backoff(failures, RECONNECT_BACKOFF);
        this.logger.warn({ err: error, failures, backoffMs }, 'Telegram polling stopped; restarting');
        await pause(backoffMs, this.stopping.signal);
      }
    }
  }

  private async registerWebhook(): Promise<void> {
    const url = this.config.TELEGRAM_WEBHOOK_URL!;
    for (let failures = 1; !this.stopping.signal.aborted; failures += 1) {
      try {
        this.bot.botInfo ??= await this.bot.telegram.getMe();
        await this.bot.telegram.setWebhook(url, {
          secret_token: this.config.TELEGRAM_WEBHOOK_SECRET,
          max_connections: this.config.TELEGRAM_WEBHOOK_MAX_CONNECTIONS,
          allowed_updates: ALLOWED_UPDATES,
        });
        this.logger.log({ url }, 'Telegram webhook set');
        return;
      } catch (error) {
        this.logger.warn({ err: error, failures }, 'Could not set the Telegram webhook; retrying');
        await pause(backoff(failures, RECONNECT_BACKOFF), this.stopping.signal);
      }
    }
  }

  /** The command menu, in Russian and for English clients; cosmetic, so one try is enough. */
  private async announceCommands(): Promise<void> {
    try {
      await this.bot.telegram.setMyCommands(BOT_COMMANDS.ru);
      await this.bot.telegram.setMyCommands(BOT_COMMANDS.en, { language_code: 'en' });
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not set the bot commands menu');
    }
  }
}

/**
 * nestjs-telegraf stops the bot at shutdown, and Telegraf throws "Bot is not running!" when it never polled
 * (webhook mode, or Telegram unreachable since start): nksmnf/nestjs-telegraf#1079. Neither library offers a
 * hook for this, so the bot's `stop` is wrapped to let that one error pass.
 */
function toleratesStopWhenNotRunning(bot: Telegraf): void {
  const stop = bot.stop.bind(bot);
  bot.stop = (reason?: string) => {
    try {
      stop(reason);
    } catch (error) {
      if (!(error instanceof Error && error.message === 'Bot is not running!')) throw error;
    }
  };
}
