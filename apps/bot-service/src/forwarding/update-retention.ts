import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import { BotServiceConfig } from '../config';

const EVERY_MS = 60 * 60 * 1000;
const BATCH = 5000;

/**
 * Deletes forwarded updates and finished file downloads older than BOT_UPDATE_RETENTION_DAYS, hourly and in
 * batches. Both are kept only to recognise a redelivery of the same update (its update_id; its message's
 * file, queued once), which Telegram does within hours, not days. A download's bytes are ticket-service's,
 * kept with their message; a download still under way is never deleted.
 */
@Injectable()
export class UpdateRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UpdateRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: BotServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune().catch((error) => this.logger.warn({ err: error }, 'Pruning failed')), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many updates and downloads were deleted. */
  async prune(): Promise<{ updates: number; downloads: number }> {
    const updates = await this.inBatches(
      `DELETE FROM bot.inbound_updates WHERE update_id IN (
         SELECT update_id FROM bot.inbound_updates
         WHERE forwarded_at < now() - make_interval(days => $1) LIMIT $2)`,
    );
    const downloads = await this.inBatches(
      `DELETE FROM bot.file_downloads WHERE (chat_id, telegram_message_id) IN (
         SELECT chat_id, telegram_message_id FROM bot.file_downloads
         WHERE finished_at < now() - make_interval(days => $1) LIMIT $2)`,
    );
    if (updates > 0 || downloads > 0) this.logger.log({ updates, downloads }, 'Old forwarded updates and finished downloads deleted');
    return { updates, downloads };
  }

  private async inBatches(statement: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.dataSource.query(statement, [this.config.BOT_UPDATE_RETENTION_DAYS, BATCH]);
      deleted += count;
      if (count < BATCH) return deleted;
    }
  }
}
