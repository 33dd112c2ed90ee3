import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ServiceMetrics, refreshedGauge } from '@app/telemetry';
import { SET_ASIDE_STAGES } from '../set-aside/set-aside-updates';

/** Past this, the exact number changes nothing an operator does. */
const COUNT_CAP = 10_000;

/**
 * The updates kept in `bot.set_aside_updates`, by stage: each is a client's message or tap that reached
 * no ticket, so any at all is worth an alert (infra/k8s/README.md says what to do). Read from the table on
 * scrape (at most every few seconds), so it is the same on every replica and falls when operators clear rows.
 */
@Injectable()
export class SetAsideMetrics {
  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics, dataSource: DataSource) {
    refreshedGauge({
      name: 'desk_bot_updates_set_aside',
      help: `Telegram updates set aside in bot.set_aside_updates (never forwarded), by stage: malformed, unstorable, forward (counted up to ${COUNT_CAP})`,
      labelNames: ['stage'],
      registry: metrics.registry,
      read: async () => {
        const rows: { stage: string; n: number }[] = await dataSource.query(
          `SELECT stage, count(*)::int AS n FROM (SELECT stage FROM bot.set_aside_updates LIMIT ${COUNT_CAP}) capped
           GROUP BY stage`,
        );
        const counts = new Map(rows.map((row) => [row.stage, row.n]));
        return SET_ASIDE_STAGES.map((stage) => ({ labels: { stage }, value: counts.get(stage) ?? 0 }));
      },
    });
  }
}
