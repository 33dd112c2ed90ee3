import { Registry } from 'prom-client';
import { refreshedGauge } from './refreshed-gauge';

/** A gauge whose reading costs a query: Prometheus sees fresh values, the database sees at most one query per period. */
describe('refreshedGauge', () => {
  const scrapeValue = async (registry: Registry) =>
    (await registry.getSingleMetric('desk_waiting')!.get()).values[0]?.value;

  it('reads its source on the first scrape, then at most once per period however often it is scraped', async () => {
    const registry = new Registry();
    let reads = 0;
    refreshedGauge({
      name: 'desk_waiting',
      help: 'test',
      registry,
      maxAgeMs: 60_000,
      read: async () => [{ value: (reads += 1) * 10 }],
    });

    const scrapes = await Promise.all([scrapeValue(registry), scrapeValue(registry), registry.metrics()]);
    expect(scrapes.slice(0, 2)).toEqual([10, 10]);
    expect(await scrapeValue(registry)).toBe(10);
    expect(reads).toBe(1);
  });

  it('reads again once its values are older than the period', async () => {
    const registry = new Registry();
    let reads = 0;
    refreshedGauge({
      name: 'desk_waiting',
      help: 'test',
      registry,
      maxAgeMs: 0,
      read: async () => [{ value: (reads += 1) }],
    });
    expect(await scrapeValue(registry)).toBe(1);
    expect(await scrapeValue(registry)).toBe(2);
  });

  it('keeps its last values when a reading fails', async () => {
    const registry = new Registry();
    let failing = false;
    refreshedGauge({
      name: 'desk_waiting',
      help: 'test',
      registry,
      maxAgeMs: 0,
      read: async () => {
        if (failing) throw new Error('database unreachable');
        return [{ value: 7 }];
      },
    });
    expect(await scrapeValue(registry)).toBe(7);
    failing = true;
    expect(await scrapeValue(registry)).toBe(7);
  });
});
