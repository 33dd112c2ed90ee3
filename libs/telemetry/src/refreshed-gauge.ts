import { Logger } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';

/** A gauge's values are read from their source at most this often, however often Prometheus scrapes. */
export const GAUGE_REFRESH_MS = 5000;

export interface RefreshedGaugeOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: L[];
  registry: Registry;
  /** Reads the current values; called on a scrape when the last reading is older than `maxAgeMs`. */
  read: () => Promise<{ labels?: Partial<Record<L, string>>; value: number }[]>;
  maxAgeMs?: number;
}

/**
 * A gauge whose value costs a query (a table, a queue): read lazily on scrape, at most once per `maxAgeMs`,
 * so neither a fast scrape interval nor several Prometheus servers multiply the cost, and nothing is read
 * while nobody scrapes. A failed reading keeps the previous values (and logs).
 */
export function refreshedGauge<L extends string>(options: RefreshedGaugeOptions<L>): Gauge<L> {
  const logger = new Logger('RefreshedGauge');
  let readAt = 0;
  let reading: Promise<void> | undefined;
  const maxAgeMs = options.maxAgeMs ?? GAUGE_REFRESH_MS;
  const gauge: Gauge<L> = new Gauge<L>({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames ?? [],
    registers: [options.registry],
    async collect() {
      if (Date.now() - readAt < maxAgeMs) return;
      reading ??= options
        .read()
        .then((values) => {
          gauge.reset();
          for (const { labels, value } of values) {
            if (labels) gauge.set(labels as Record<L, string>, value);
            else gauge.set(value);
          }
          readAt = Date.now();
        })
        .catch((error: unknown) =>
          logger.warn({ err: error, gauge: options.name }, 'Could not refresh a gauge; keeping its last values'),
        )
        .finally(() => (reading = undefined));
      await reading;
    },
  });
  return gauge;
}
