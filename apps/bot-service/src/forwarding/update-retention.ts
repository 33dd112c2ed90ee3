import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BOT_SCHEMA, BotServiceConfig } from '../config';

const EVERY_MS = 60 * 60 * 1000;
const BATCH = 5000;

/**
 * Deletes forwarded updates older than BOT_UPDATE_RETENTION_DAYS, hourly and in batches. They are kept only
 * to recognise a redelivery of the same update_id, which Telegram does within hours, not days.
 */
@Injectable()
export class UpdateRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UpdateRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: BotServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.prune().catch((error) => this.logger.warn({ err: error }, 'Pruning failed')), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many updates were deleted. */
  async prune(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM "${BOT_SCHEMA}".inbound_updates WHERE update_id IN (
           SELECT update_id FROM "${BOT_SCHEMA}".inbound_updates
           WHERE forwarded_at < now() - make_interval(days => $1) LIMIT $2)`,
        [this.config.BOT_UPDATE_RETENTION_DAYS, BATCH],
      );
      deleted += count;
      if (count < BATCH) break;
    }
    if (deleted > 0) this.logger.log({ deleted }, 'Old forwarded updates deleted');
    return deleted;
  }
}
