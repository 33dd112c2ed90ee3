/**
 * Reports at scale: `GET /reports/summary` (and `.csv`) for a 90-day range over the 1,000,000-ticket set of the
 * list benchmark, with response-time facts and ratings added, per day and per agent, one request at a time and
 * at 8 concurrent clients. Target: p99 < 500 ms.
 */
import { Client } from 'pg';
import { ADMIN, BenchStack, runIfMain } from './lib/bench-stack';
import { seedEmployees, seedTickets } from './lib/list-seed';
import { HttpClient, LoadResult, closedLoop } from './lib/load';
import { QUICK, TargetCheck, int, log, ms, printTable, printTargets, writeResult } from './lib/report';
import { seedServiceLevel } from './lib/service-level-seed';

const SIZES = QUICK
  ? { tickets: 100_000, clients: 10_000, employees: 50, requests: 10, parallelMs: 2000 }
  : { tickets: 1_000_000, clients: 100_000, employees: 50, requests: 40, parallelMs: 8000 };
const CONCURRENCY = 8;
const TARGET_P99_MS = 500;

export async function runReports(): Promise<Record<string, unknown>> {
  log(
    `\n=== Reports at scale: ${SIZES.tickets.toLocaleString('en-US')} tickets, a 90-day range ${QUICK ? '[quick]' : ''}`,
  );
  let facts: Awaited<ReturnType<typeof seedServiceLevel>> | undefined;
  const stack = await BenchStack.start({
    scenario: 'reports',
    services: ['ticket-service', 'api-gateway'],
    beforeStart: async (environment) => {
      const db = new Client({ connectionString: environment.databaseUrl });
      await db.connect();
      try {
        await seedEmployees(db, SIZES.employees);
        await seedTickets(db, SIZES);
        facts = await seedServiceLevel(db);
      } finally {
        await db.end();
      }
    },
  });
  const http = new HttpClient(stack.gatewayUrl, CONCURRENCY);
  try {
    log(`  ${int(facts!.rated)} ratings, ${int(facts!.breached)} breached tickets`);
    const token = await http.login(ADMIN.email, ADMIN.password);
    const day = 86_400_000;
    const to = new Date(Math.ceil(Date.now() / day) * day);
    const from = new Date(to.getTime() - 90 * day);
    const range = `from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`;
    const paths = {
      'per day': `/reports/summary?${range}&groupBy=day`,
      'per agent': `/reports/summary?${range}&groupBy=agent`,
      'per day, CSV': `/reports/summary.csv?${range}&groupBy=day`,
    };
    const sample = await http.expect<{ rows: { opened: number }[] }>(200, 'GET', paths['per day'], { token });
    log(
      `  ${sample.rows.length} days, ${int(sample.rows.reduce((sum, row) => sum + row.opened, 0))} tickets opened in the range`,
    );

    const single: [string, LoadResult][] = [];
    const parallel: [string, LoadResult][] = [];
    for (const [name, path] of Object.entries(paths)) {
      const get = () => http.expect(200, 'GET', path, { token }).then();
      single.push([name, await closedLoop({ concurrency: 1, requestsPerWorker: SIZES.requests, task: get })]);
      parallel.push([name, await closedLoop({ concurrency: CONCURRENCY, durationMs: SIZES.parallelMs, task: get })]);
    }
    const rows = (results: [string, LoadResult][]) =>
      results.map(([name, load]) => [
        name,
        load.requests,
        load.errors,
        ms(load.latency.p50),
        ms(load.latency.p99),
        load.perSecond.toFixed(1),
      ]);
    const header = ['report', 'requests', 'errors', 'p50', 'p99', 'req/s'];
    printTable('1 client', header, rows(single));
    printTable(`${CONCURRENCY} clients`, header, rows(parallel));

    const worst = Math.max(...single.map(([, load]) => load.latency.p99));
    const targets: TargetCheck[] = [
      {
        target: `GET /reports/summary, 90 days, p99 < ${TARGET_P99_MS} ms (1 client)`,
        measured: ms(worst),
        met: worst < TARGET_P99_MS,
      },
      {
        target: 'no errors',
        measured: String([...single, ...parallel].reduce((sum, [, load]) => sum + load.errors, 0)),
        met: [...single, ...parallel].every(([, load]) => load.errors === 0),
      },
    ];
    printTargets(targets);
    const result = {
      sizes: SIZES,
      facts,
      single: Object.fromEntries(single),
      parallel: Object.fromEntries(parallel),
      targets,
    };
    writeResult('reports', result);
    return result;
  } finally {
    await http.close();
    await stack.stop();
  }
}

runIfMain(module, runReports);
