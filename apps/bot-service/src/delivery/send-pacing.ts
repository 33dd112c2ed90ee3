import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pause } from '@app/runtime';
import { BotServiceConfig } from '../config';

/** Longest a send may take; a send that never reported completion counts as completed this long after it began. */
export const SEND_TIMEOUT_MS = 15_000;
/** While the send that gates the next one is still under way, look again this often. */
const IN_FLIGHT_RECHECK_MS = 20;
const LOG_KEPT = 1000;

/** A reserved global send; report its end with `sendFinished`. */
export interface GlobalSend {
  seq: string;
}

interface Gate {
  wait_ms: number | null;
  in_flight: boolean | null;
}

/**
 * Keeps sends within Telegram's limits across every replica, in Postgres.
 *
 * Globally (at most `n` sends per `window`): a send may start only once the send `n` places before it has
 * completed and a whole window has passed since. It reached Telegram before it completed, and ours reaches
 * Telegram after it starts, so any window at Telegram's end holds at most `n` sends, whatever the network
 * delay. Slots reserved ahead of the send (the earlier design) needed a margin for jitter and cost 10% of
 * the rate.
 *
 * Per chat, `chats.next_send_at` is set one interval after each send completed, by the sender.
 */
@Injectable()
export class SendPacing {
  private readonly perWindow: number;
  private readonly windowSeconds: number;
  readonly chatIntervalSeconds: number;

  constructor(
    private readonly dataSource: DataSource,
    config: BotServiceConfig,
  ) {
    this.perWindow = Math.max(1, Math.floor(config.TELEGRAM_RATE_GLOBAL));
    this.windowSeconds = this.perWindow / config.TELEGRAM_RATE_GLOBAL;
    this.chatIntervalSeconds = 1 / config.TELEGRAM_RATE_PER_CHAT;
  }

  /** Waits until a send may start without exceeding the global limit, and reserves it. */
  async acquireGlobalSend(): Promise<GlobalSend> {
    for (;;) {
      const outcome = await this.dataSource.transaction(
        async (manager): Promise<{ send?: GlobalSend; waitMs: number }> => {
          // one reservation at a time, across replicas; held only for these two statements
          await manager.query(`SELECT pg_advisory_xact_lock(hashtext('bot.global_sends'))`);
          const [gate]: Gate[] = await manager.query(
            `SELECT EXTRACT(EPOCH FROM (COALESCE(completed_at, started_at + make_interval(secs => $2))
                    + make_interval(secs => $3) - clock_timestamp()))::float8 * 1000 AS wait_ms,
                  completed_at IS NULL AS in_flight
           FROM bot.global_sends ORDER BY seq DESC OFFSET $1 LIMIT 1`,
            [this.perWindow - 1, SEND_TIMEOUT_MS / 1000, this.windowSeconds],
          );
          if (gate && gate.wait_ms !== null && gate.wait_ms > 0) {
            return { waitMs: gate.in_flight ? Math.min(gate.wait_ms, IN_FLIGHT_RECHECK_MS) : gate.wait_ms };
          }
          const [{ seq }]: { seq: string }[] = await manager.query(
            `INSERT INTO bot.global_sends DEFAULT VALUES RETURNING seq`,
          );
          if (Number(seq) % LOG_KEPT === 0) {
            await manager.query(`DELETE FROM bot.global_sends WHERE seq <= $1`, [Number(seq) - LOG_KEPT]);
          }
          return { send: { seq }, waitMs: 0 };
        },
      );
      if (outcome.send) return outcome.send;
      await pause(outcome.waitMs);
    }
  }

  /** The send is over (delivered or not): the sends it gates may be timed from now. */
  async sendFinished(send: GlobalSend): Promise<void> {
    await this.dataSource.query(`UPDATE bot.global_sends SET completed_at = clock_timestamp() WHERE seq = $1`, [
      send.seq,
    ]);
  }
}
