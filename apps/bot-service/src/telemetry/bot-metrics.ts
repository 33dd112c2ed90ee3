import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { ServiceMetrics, refreshedGauge } from '@app/telemetry';
import { BotServiceConfig } from '../config';
import type { SendFailure } from '../delivery/send-failure';

/** Counting stops here: past it, the exact size of a backlog changes nothing an operator does. */
const COUNT_CAP = 100_000;

/** The label of one call to Telegram that sends (a text or a file), by how it ended. */
export const SEND_RESULT: Record<'part-sent' | 'delivered' | SendFailure['kind'], string> = {
  'part-sent': 'part_sent',
  delivered: 'delivered',
  'rate-limited': '429',
  unreachable: '403',
  refused: '400',
  transient: 'error',
};

/**
 * bot-service's own metrics: updates taken in and waiting to be forwarded, sends to Telegram by result, the
 * pacing they wait for, and the messages waiting to go out. Backlog gauges read indexed, capped queries at
 * most every few seconds on scrape.
 */
@Injectable()
export class BotMetrics {
  private readonly updatesStored: Counter<'route'>;
  private readonly sends: Counter<'result'>;
  private readonly sendDuration: Histogram;
  private readonly pacingWait: Histogram;
  private readonly messagesFailed: Counter<'reason'>;

  constructor(metrics: ServiceMetrics, dataSource: DataSource, config: BotServiceConfig) {
    const registers = [metrics.registry];
    this.updatesStored = new Counter({
      name: 'desk_bot_updates_stored_total',
      help: 'Telegram updates stored (a redelivered update is not counted), by route (register, record, help)',
      labelNames: ['route'],
      registers,
    });
    this.sends = new Counter({
      name: 'desk_telegram_sends_total',
      help: 'Calls to Telegram that send (sendMessage, and sendPhoto/sendDocument for files) by result: delivered, part_sent, 429, 403, 400, error',
      labelNames: ['result'],
      registers,
    });
    this.messagesFailed = new Counter({
      name: 'desk_telegram_messages_failed_total',
      help: 'Messages given up on, by reason (403 blocked, 400 refused, attempts exhausted)',
      labelNames: ['reason'],
      registers,
    });
    this.sendDuration = new Histogram({
      name: 'desk_telegram_send_duration_seconds',
      help: 'Duration of one send to Telegram (a text, or a file with its upload)',
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
      registers,
    });
    this.pacingWait = new Histogram({
      name: 'desk_telegram_pacing_wait_seconds',
      help: "Time a send waited for the global pace (Telegram's 30 messages a second per bot)",
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    const rate = new Gauge({
      name: 'desk_telegram_rate_limit_per_second',
      help: 'Configured send pace',
      labelNames: ['scope'],
      registers,
    });
    rate.set({ scope: 'global' }, config.TELEGRAM_RATE_GLOBAL);
    rate.set({ scope: 'chat' }, config.TELEGRAM_RATE_PER_CHAT);

    refreshedGauge({
      name: 'desk_bot_updates_waiting',
      help: `Stored Telegram updates not yet forwarded to ticket-service (counted up to ${COUNT_CAP})`,
      registry: metrics.registry,
      read: async () => [
        { value: await count(dataSource, `SELECT 1 FROM bot.inbound_updates WHERE forwarded_at IS NULL`) },
      ],
    });
    refreshedGauge({
      name: 'desk_bot_updates_oldest_waiting_age_seconds',
      help: 'Age of the oldest update waiting to be forwarded; 0 when none waits',
      registry: metrics.registry,
      read: async () => {
        const [row]: { age: number | null }[] = await dataSource.query(
          `SELECT EXTRACT(EPOCH FROM now() - received_at)::float8 AS age FROM bot.inbound_updates
           WHERE forwarded_at IS NULL ORDER BY update_id LIMIT 1`,
        );
        return [{ value: row?.age ?? 0 }];
      },
    });
    refreshedGauge({
      name: 'desk_telegram_outbound_waiting',
      help: `Messages queued for Telegram, not yet sent (counted up to ${COUNT_CAP})`,
      registry: metrics.registry,
      read: async () => [
        { value: await count(dataSource, `SELECT 1 FROM bot.outbound_messages WHERE status = 'pending'`) },
      ],
    });
  }

  updatesStoredNow(routes: string[]): void {
    for (const route of routes) this.updatesStored.inc({ route });
  }

  /** Starts timing a send; call the result with how it ended. */
  sendStarted(): (result: keyof typeof SEND_RESULT) => void {
    const end = this.sendDuration.startTimer();
    return (result) => {
      end();
      this.sends.inc({ result: SEND_RESULT[result] });
    };
  }

  messageFailed(reason: '403' | '400' | 'attempts_exhausted'): void {
    this.messagesFailed.inc({ reason });
  }

  pacedFor(seconds: number): void {
    this.pacingWait.observe(seconds);
  }
}

async function count(dataSource: DataSource, rows: string): Promise<number> {
  const [{ n }]: { n: number }[] = await dataSource.query(
    `SELECT count(*)::int AS n FROM (${rows} LIMIT ${COUNT_CAP}) capped`,
  );
  return n;
}
