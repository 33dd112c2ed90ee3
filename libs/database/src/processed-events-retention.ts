import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

export const PROCESSED_EVENTS_RETENTION = Symbol('PROCESSED_EVENTS_RETENTION');

export interface ProcessedEventsRetentionOptions {
  schema: string;
  /** how long an event id is remembered; a redelivery comes within minutes (the outbox, the broker) */
  days: number;
}

const EVERY_MS = 60 * 60 * 1000;
const BATCH = 5000;

/**
 * Deletes `processed_events` rows older than the retention, hourly and in batches, so the dedupe table
 * (one row per event ever handled) does not grow for ever.
 */
@Injectable()
export class ProcessedEventsRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProcessedEventsRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PROCESSED_EVENTS_RETENTION) private readonly options: ProcessedEventsRetentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'Pruning processed events failed')),
      EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Returns how many rows were deleted. */
  async prune(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM ${this.options.schema}.processed_events WHERE event_id IN (
           SELECT event_id FROM ${this.options.schema}.processed_events
           WHERE processed_at < now() - make_interval(days => $1) LIMIT $2)`,
        [this.options.days, BATCH],
      );
      deleted += count;
      if (count < BATCH) break;
    }
    if (deleted > 0) this.logger.log({ deleted }, 'Old processed event ids deleted');
    return deleted;
  }
}
