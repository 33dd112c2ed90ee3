import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Message, Update } from 'telegraf/types';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import { pause } from '../common/work-loop';
import { BOT_SCHEMA, BotServiceConfig } from '../config';
import { OutboundQueue } from '../delivery/outbound-queue';
import { UpdateForwarder } from '../forwarding/update-forwarder';
import { textsFor } from '../texts/client-texts';
import { InboundRoute } from './inbound-update.entity';

/** In webhook mode, how long to keep trying to store before answering an error so that Telegram retries. */
const WEBHOOK_STORE_DEADLINE_MS = 5000;

/**
 * Takes in a client's update: stores it in `bot.inbound_updates` (a redelivered update_id is ignored) and
 * queues the bot's immediate answer (/start greeting, /help) in the same transaction. The caller acknowledges
 * the update to Telegram only after `accept` resolves, i.e. after the commit.
 */
@Injectable()
export class UpdateIntake implements BeforeApplicationShutdown {
  private readonly logger = new Logger(UpdateIntake.name);
  private readonly stopping = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbound: OutboundQueue,
    private readonly forwarder: UpdateForwarder,
    @Inject(APP_CONFIG) private readonly config: BotServiceConfig,
  ) {}

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }

  /**
   * Resolves once the update is stored. While Postgres is unreachable it keeps trying: in polling mode until
   * it succeeds, so Telegraf asks for no further updates meanwhile and the backlog waits at Telegram (and at
   * shutdown the promise is left pending, so Telegraf never confirms the update); in webhook mode for a few
   * seconds, then it rejects and the webhook answers an error, so Telegram delivers it again later.
   */
  async accept(update: Update, route: InboundRoute): Promise<void> {
    const deadline = this.config.TELEGRAM_MODE === 'webhook' ? Date.now() + WEBHOOK_STORE_DEADLINE_MS : Infinity;
    for (let failures = 1; ; failures += 1) {
      try {
        await this.store(update, route);
        return;
      } catch (error) {
        this.logger.warn({ err: error, updateId: update.update_id, failures }, 'Could not store a Telegram update; retrying');
        if (Date.now() >= deadline) throw error;
        if (this.stopping.signal.aborted) return new Promise<never>(() => undefined);
        await pause(Math.min(100 * 2 ** failures, 5000), this.stopping.signal);
      }
    }
  }

  private async store(update: Update, route: InboundRoute): Promise<void> {
    const message = (update as Update.MessageUpdate).message as Message;
    const chatId = message.chat.id;
    const stored = await this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "${BOT_SCHEMA}".inbound_updates (update_id, chat_id, route, payload, forwarded_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (update_id) DO NOTHING RETURNING update_id`,
        [update.update_id, chatId, route, JSON.stringify(update), route === 'help' ? new Date() : null],
      );
      if (inserted.length === 0) return false;
      // The client wrote: whatever blocked the bot before is over.
      await manager.query(
        `INSERT INTO "${BOT_SCHEMA}".chats (chat_id) VALUES ($1)
         ON CONFLICT (chat_id) DO UPDATE SET blocked_at = NULL WHERE chats.blocked_at IS NOT NULL`,
        [chatId],
      );
      const texts = textsFor(message.from?.language_code);
      if (route === 'register') await this.outbound.add(manager, { chatId, text: texts.greeting(message.from?.first_name ?? null) });
      if (route === 'help') await this.outbound.add(manager, { chatId, text: texts.help });
      return true;
    });
    if (!stored) {
      this.logger.log({ updateId: update.update_id, chatId }, 'Redelivered Telegram update ignored');
      return;
    }
    if (route !== 'help') this.forwarder.wake();
    if (route !== 'record') this.outbound.wakeSender();
  }
}
