import { DataSource } from 'typeorm';
import { ServiceMetrics, refreshedGauge } from '@app/telemetry';

/** Counting stops here: past it, the exact size of a backlog changes nothing an operator does. */
const COUNT_CAP = 100_000;

/**
 * `desk_outbox_waiting` and `desk_outbox_oldest_age_seconds`: events committed but not yet published. One
 * cheap query (the oldest row by primary key, a count capped at COUNT_CAP), at most every few seconds.
 */
export function watchOutboxBacklog(metrics: ServiceMetrics, dataSource: DataSource, schema: string): void {
  let latest: Promise<{ waiting: number; oldestAge: number }> | undefined;
  const read = () =>
    (latest ??= dataSource
      .query(
        `SELECT (SELECT count(*) FROM (SELECT 1 FROM ${schema}.outbox LIMIT ${COUNT_CAP}) capped)::int AS waiting,
                COALESCE(EXTRACT(EPOCH FROM now() - (SELECT created_at FROM ${schema}.outbox ORDER BY id LIMIT 1)), 0)::float8 AS oldest_age`,
      )
      .then(([row]: { waiting: number; oldest_age: number }[]) => ({ waiting: row.waiting, oldestAge: row.oldest_age }))
      .finally(() => setImmediate(() => (latest = undefined))));
  refreshedGauge({
    name: 'desk_outbox_waiting',
    help: `Events in this service's outbox not yet published (counted up to ${COUNT_CAP})`,
    registry: metrics.registry,
    read: async () => [{ value: (await read()).waiting }],
  });
  refreshedGauge({
    name: 'desk_outbox_oldest_age_seconds',
    help: "Age of the oldest event in this service's outbox; 0 when it is empty",
    registry: metrics.registry,
    read: async () => [{ value: (await read()).oldestAge }],
  });
}
