import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Which rows a TableRetention deletes: those of `table` whose `ageColumn` is older than `maxAge`. */
export interface RetentionRule {
  /** schema-qualified, e.g. `bot.inbound_updates` */
  table: string;
  /** the primary key's columns: a batch is chosen by them */
  key: string[];
  ageColumn: string;
  maxAge: { days: number } | { hours: number };
  /** a further condition a row must meet to go, e.g. `completed_at IS NULL` */
  where?: string;
}

const EVERY_MS = 60 * 60 * 1000;
/** rows per DELETE: a large backlog goes in short transactions instead of one long lock */
const BATCH = 5000;

/**
 * Deletes a table's rows once they are past their age, hourly and in batches, so that a table whose rows
 * matter only for a while does not grow for ever. A service's retention is a subclass that names its rule;
 * `prune()` runs one pass at once.
 */
export abstract class TableRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private readonly deleteBatch: string;
  private readonly maxAge: number;

  protected constructor(
    private readonly dataSource: DataSource,
    private readonly rule: RetentionRule,
  ) {
    const key = rule.key.join(', ');
    const [unit, amount] = 'days' in rule.maxAge ? ['days', rule.maxAge.days] : ['hours', rule.maxAge.hours];
    const where = [
      `${rule.ageColumn} < now() - make_interval(${unit} => $1)`,
      ...(rule.where ? [rule.where] : []),
    ].join(' AND ');
    this.deleteBatch = `DELETE FROM ${rule.table} WHERE (${key}) IN (SELECT ${key} FROM ${rule.table} WHERE ${where} LIMIT $2)`;
    this.maxAge = amount;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.prune().catch((error: unknown) =>
          this.logger.warn({ err: error, table: this.rule.table }, 'Pruning failed'),
        ),
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
      const [, count]: [unknown, number] = await this.dataSource.query(this.deleteBatch, [this.maxAge, BATCH]);
      deleted += count;
      if (count < BATCH) break;
    }
    if (deleted > 0) this.logger.log({ deleted, table: this.rule.table }, 'Rows past their retention deleted');
    return deleted;
  }
}
