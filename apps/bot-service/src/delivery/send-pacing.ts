import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import { pause } from '../common/work-loop';
import { BOT_SCHEMA, BotServiceConfig } from '../config';

/**
 * Global sends are paced 10% under the configured rate: a send reaches Telegram a little after its slot,
 * and an uneven delay must not squeeze one second's worth of slots into less than a second. 10% of a
 * second tolerates 100 ms of jitter between two sends; 4% (40 ms) was tried and, on a loaded two-core
 * machine, let 6 sends into one second at a limit of 5. Closing the gap needs a limiter anchored on when
 * earlier sends completed (see bench/README.md), not a smaller margin.
 */
const GLOBAL_HEADROOM = 1.1;

/**
 * Keeps sends within Telegram's limits across every replica, in Postgres: one global slot row (each send
 * reserves the next slot and waits for it), and per chat `chats.next_send_at`, moved on after every send.
 */
@Injectable()
export class SendPacing {
  private readonly globalIntervalSeconds: number;
  readonly chatIntervalSeconds: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: BotServiceConfig,
  ) {
    this.globalIntervalSeconds = GLOBAL_HEADROOM / config.TELEGRAM_RATE_GLOBAL;
    this.chatIntervalSeconds = 1 / config.TELEGRAM_RATE_PER_CHAT;
  }

  /**
   * Reserves the next global send slot and waits for it. Runs in its own short statement, outside the
   * sender's transaction, so the slot row is never held locked while a send is under way.
   */
  async waitForGlobalSlot(): Promise<void> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected]
    const [[{ wait_ms }]]: [{ wait_ms: number }[], number] = await this.dataSource.query(
      `UPDATE "${BOT_SCHEMA}".send_pacing
       SET next_slot = GREATEST(next_slot, clock_timestamp()) + make_interval(secs => $1)
       WHERE name = 'global'
       RETURNING EXTRACT(EPOCH FROM (next_slot - make_interval(secs => $1) - clock_timestamp()))::float8 * 1000 AS wait_ms`,
      [this.globalIntervalSeconds],
    );
    if (wait_ms > 0) await pause(wait_ms);
  }
}
