import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

const EVERY_MS = 60 * 60 * 1000;
/** An upload not completed within this long was abandoned (the employee's connection broke, the bot gave up). */
export const ABANDONED_AFTER_HOURS = 24;

/**
 * Deletes the chunks of uploads never completed, hourly: a file is completed in the transaction that attaches
 * it to a message, so an incomplete one a day old belongs to nothing and never will.
 */
@Injectable()
export class FileRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FileRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.prune().catch((error) => this.logger.warn({ err: error }, 'Pruning files failed')),
      EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many abandoned files were deleted. */
  async prune(): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM ticket.files WHERE completed_at IS NULL AND created_at < now() - make_interval(hours => $1)`,
      [ABANDONED_AFTER_HOURS],
    );
    if (deleted > 0) this.logger.log({ deleted }, 'Abandoned uploads deleted');
    return deleted;
  }
}
