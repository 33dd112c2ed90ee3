/**
 * List at scale: 1,000,000 tickets over 100,000 clients and 50 employees, seeded straight into Postgres,
 * then `GET /tickets` through the gateway (JWT, validation, RPC to ticket-service, one prepared statement there) for
 * every filter × sort combination and for deep cursor pages, at 1 and at 32 concurrent clients.
 */
import { Client } from 'pg';
import { ticketPageSql } from '../apps/ticket-service/src/tickets/ticket-query';
import { ADMIN, BenchStack, runIfMain } from './lib/bench-stack';
import { seedEmployees, seedTickets } from './lib/list-seed';
import { HttpClient, LoadResult, closedLoop } from './lib/load';
import { QUICK, TargetCheck, int, log, ms, printTable, printTargets, summarize, writeResult } from './lib/report';
import { RESOURCE_HEADER, ResourceMonitor, cpuCost, resourceRows } from './lib/resources';

const SIZES = QUICK
  ? { tickets: 100_000, clients: 10_000, employees: 50, perShape: 20, shapeMs: 400, pages: 55, mixedMs: 3000 }
  : { tickets: 1_000_000, clients: 100_000, employees: 50, perShape: 100, shapeMs: 1500, pages: 60, mixedMs: 10_000 };
/** A longer mixed phase steadies its CPU per request when comparing two builds (quick's 3 s moves ±15 %). */
const MIXED_MS = Number(process.env.BENCH_LIST_MIXED_MS) || SIZES.mixedMs;
const CONCURRENCY = 32;
const PAGE_SIZE = 20;

interface Shape {
  status?: ('open' | 'in_progress' | 'closed')[];
  assigneeId?: 'me' | 'none';
  sort: 'updatedAt' | 'createdAt';
  order: 'asc' | 'desc';
}

const STATUSES: Shape['status'][] = [undefined, ['open'], ['in_progress'], ['closed'], ['open', 'in_progress']];
const ASSIGNEES: Shape['assigneeId'][] = [undefined, 'me', 'none'];
const SORTS: Pick<Shape, 'sort' | 'order'>[] = [
  { sort: 'updatedAt', order: 'desc' },
  { sort: 'updatedAt', order: 'asc' },
  { sort: 'createdAt', order: 'desc' },
  { sort: 'createdAt', order: 'asc' },
];
const SHAPES: Shape[] = STATUSES.flatMap((status) =>
  ASSIGNEES.flatMap((assigneeId) => SORTS.map((sort) => ({ status, assigneeId, ...sort }))),
);
/** Deep paging: the default view, the archive oldest first, one agent's queue, the active queue. */
const DEEP_SHAPES: Shape[] = [
  { sort: 'updatedAt', order: 'desc' },
  { status: ['closed'], sort: 'createdAt', order: 'asc' },
  { assigneeId: 'me', sort: 'updatedAt', order: 'desc' },
  { status: ['open', 'in_progress'], sort: 'createdAt', order: 'desc' },
];

const pathOf = (shape: Shape, cursor?: string) => {
  const query = new URLSearchParams({ sort: shape.sort, order: shape.order, limit: String(PAGE_SIZE) });
  if (shape.status) query.set('status', shape.status.join(','));
  if (shape.assigneeId) query.set('assigneeId', shape.assigneeId);
  if (cursor) query.set('cursor', cursor);
  return `/tickets?${query.toString().replace(/%2C/g, ',')}`;
};
const nameOf = (shape: Shape) =>
  `status=${shape.status?.join(',') ?? 'any'} assignee=${shape.assigneeId ?? 'any'} ${shape.sort} ${shape.order}`;

export async function runList(): Promise<Record<string, unknown>> {
  log(`\n=== List at scale: ${SIZES.tickets.toLocaleString('en-US')} tickets ${QUICK ? '[quick]' : ''}`);
  let seed: Awaited<ReturnType<typeof seedTickets>> | undefined;
  const stack = await BenchStack.start({
    scenario: 'list',
    services: ['ticket-service', 'api-gateway'],
    beforeStart: async (environment) => {
      const db = new Client({ connectionString: environment.databaseUrl });
      await db.connect();
      try {
        await seedEmployees(db, SIZES.employees);
        seed = await seedTickets(db, SIZES);
      } finally {
        await db.end();
      }
    },
  });
  const http = new HttpClient(stack.gatewayUrl, CONCURRENCY);
  const db = new Client({ connectionString: stack.databaseUrl });
  try {
    await db.connect();
    log(
      `  seeded in ${seed!.seconds.toFixed(1)} s: ${JSON.stringify(seed!.byStatus)}, ${int(seed!.unassigned)} unassigned, ` +
        `table ${seed!.tableMiB} MiB + indexes ${seed!.indexesMiB} MiB`,
    );
    const token = await http.login(ADMIN.email, ADMIN.password);
    const get = async (path: string) =>
      http.expect<{ items: unknown[]; nextCursor: string | null }>(200, 'GET', path, { token });

    // 1 client: each shape's first page, one request at a time.
    const single: { shape: Shape; load: LoadResult; rows: number }[] = [];
    for (const shape of SHAPES) {
      const rows = (await get(pathOf(shape))).items.length;
      for (let i = 0; i < 2; i += 1) await get(pathOf(shape));
      single.push({
        shape,
        rows,
        load: await closedLoop({
          concurrency: 1,
          requestsPerWorker: SIZES.perShape,
          task: () => get(pathOf(shape)).then(),
        }),
      });
    }
    stack.assertAlive();

    // 32 clients: each shape on its own, then all shapes mixed (the headline throughput).
    const parallel: { shape: Shape; load: LoadResult }[] = [];
    for (const shape of SHAPES) {
      parallel.push({
        shape,
        load: await closedLoop({
          concurrency: CONCURRENCY,
          durationMs: SIZES.shapeMs,
          task: () => get(pathOf(shape)).then(),
        }),
      });
    }
    const monitor = new ResourceMonitor(stack.processes);
    const mixed = await closedLoop({
      concurrency: CONCURRENCY,
      durationMs: MIXED_MS,
      task: (worker, n) => get(pathOf(SHAPES[(worker * 7 + n) % SHAPES.length])).then(),
    });
    const mixedResources = monitor.stop();
    stack.assertAlive();

    // Deep pages: follow nextCursor, at 1 client and with 32 clients each walking its own chain.
    const walk = async (shape: Shape, latencies: number[][]) => {
      let cursor: string | undefined;
      let last: string | undefined;
      for (let page = 0; page < SIZES.pages; page += 1) {
        const begin = process.hrtime.bigint();
        const body = await get(pathOf(shape, cursor));
        (latencies[page] ??= []).push(Number(process.hrtime.bigint() - begin) / 1e6);
        if (!body.nextCursor) throw new Error(`${nameOf(shape)} ended after ${page + 1} pages`);
        last = cursor;
        cursor = body.nextCursor;
      }
      return last;
    };
    const deepSingle = [];
    const lastCursors = new Map<Shape, string | undefined>();
    for (const shape of DEEP_SHAPES) {
      const latencies: number[][] = [];
      lastCursors.set(shape, await walk(shape, latencies));
      deepSingle.push({
        shape,
        first: summarize(latencies.slice(0, 10).flat()),
        deep: summarize(latencies.slice(50).flat()),
      });
    }
    const deepLatencies: number[][] = [];
    const deepStarted = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, worker) => walk(DEEP_SHAPES[worker % DEEP_SHAPES.length], deepLatencies)),
    );
    const deepSeconds = Number(process.hrtime.bigint() - deepStarted) / 1e9;
    const deepParallel = {
      pagesPerSecond: (CONCURRENCY * SIZES.pages) / deepSeconds,
      all: summarize(deepLatencies.flat()),
      deep: summarize(deepLatencies.slice(50).flat()),
    };
    stack.assertAlive();

    // The slowest shape at 1 client, by p99, explained with the SQL ticket-service runs for it.
    const slowest = [...single].sort((a, b) => b.load.latency.p99 - a.load.latency.p99)[0];
    const explain = await explainShape(db, slowest.shape, undefined);
    const deepSlowest = [...deepSingle].sort((a, b) => b.deep.p99 - a.deep.p99)[0];
    const deepExplain = await explainShape(db, deepSlowest.shape, lastCursors.get(deepSlowest.shape));

    printTable(
      `GET /tickets first page (limit ${PAGE_SIZE}): 1 client (${SIZES.perShape} requests) and ${CONCURRENCY} clients (${SIZES.shapeMs} ms)`,
      [
        'shape',
        'rows',
        '1: p50',
        '1: p99',
        '1: req/s',
        `${CONCURRENCY}: p50`,
        `${CONCURRENCY}: p99`,
        `${CONCURRENCY}: req/s`,
      ],
      single.map(({ shape, rows, load }, i) => {
        const p = parallel[i].load;
        return [
          nameOf(shape),
          rows,
          ms(load.latency.p50),
          ms(load.latency.p99),
          int(load.perSecond),
          ms(p.latency.p50),
          ms(p.latency.p99),
          int(p.perSecond),
        ];
      }),
    );
    printTable(
      `Deep cursor pages (${SIZES.pages} pages of ${PAGE_SIZE}), 1 client`,
      ['shape', 'pages 1-10 p50', 'pages 1-10 p99', 'pages 51+ p50', 'pages 51+ p99'],
      deepSingle.map(({ shape, first, deep }) => [
        nameOf(shape),
        ms(first.p50),
        ms(first.p99),
        ms(deep.p50),
        ms(deep.p99),
      ]),
    );
    printTable(
      `Summary`,
      ['measure', 'requests', 'errors', 'p50 ms', 'p99 ms', 'req/s'],
      [
        [
          '1 client, worst shape by p99',
          slowest.load.requests,
          slowest.load.errors,
          ms(slowest.load.latency.p50),
          ms(slowest.load.latency.p99),
          int(slowest.load.perSecond),
        ],
        [
          `${CONCURRENCY} clients, all shapes mixed`,
          mixed.requests,
          mixed.errors,
          ms(mixed.latency.p50),
          ms(mixed.latency.p99),
          int(mixed.perSecond),
        ],
        [
          `${CONCURRENCY} clients, deep chains (pages 51+)`,
          CONCURRENCY * SIZES.pages,
          0,
          ms(deepParallel.deep.p50),
          ms(deepParallel.deep.p99),
          int(deepParallel.pagesPerSecond),
        ],
      ],
    );
    printTable('Resources under load (32 clients, mixed)', RESOURCE_HEADER, resourceRows('mixed', mixedResources));
    const cost = cpuCost(mixedResources, mixed.requests);
    log(
      `  CPU per request (services + Postgres + RabbitMQ): ${ms(cost.msPerOperation)} ms, so two idle cores would top out near ${int(cost.ceilingPerSecond)} req/s`,
    );
    log(`\nEXPLAIN of the slowest first-page shape at 1 client (${nameOf(slowest.shape)}):\n${explain}`);
    log(`\nEXPLAIN of the slowest deep page (${nameOf(deepSlowest.shape)}, page ${SIZES.pages}):\n${deepExplain}`);

    const worstP99 = slowest.load.latency.p99;
    const deepWorstP99 = deepSlowest.deep.p99;
    const targets: TargetCheck[] = [
      {
        target: 'list p99 < 25 ms at 1 client (every shape)',
        measured: `worst shape ${ms(worstP99)} ms`,
        met: worstP99 < 25,
      },
      {
        target: 'deep pages p99 < 25 ms at 1 client',
        measured: `worst ${ms(deepWorstP99)} ms`,
        met: deepWorstP99 < 25,
      },
      {
        target: '≥ 1,500 req/s at 32 clients',
        measured: `${int(mixed.perSecond)} req/s (mixed)`,
        met: mixed.perSecond >= 1500,
      },
    ];
    printTargets(targets);
    const result = {
      sizes: SIZES,
      seed,
      single: single.map(({ shape, rows, load }) => ({ shape: nameOf(shape), rows, ...load })),
      parallel: parallel.map(({ shape, load }) => ({ shape: nameOf(shape), ...load })),
      mixed,
      mixedResources,
      cpuPerRequest: cost,
      deepSingle: deepSingle.map(({ shape, first, deep }) => ({ shape: nameOf(shape), first, deep })),
      deepParallel,
      slowest: { shape: nameOf(slowest.shape), explain },
      deepSlowest: { shape: nameOf(deepSlowest.shape), explain: deepExplain },
      targets,
    };
    writeResult('list', result);
    return result;
  } finally {
    await http.close();
    await db.end().catch(() => undefined);
    await stack.stop();
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of the page query ticket-service runs for a shape ('me' is the admin, id 1). */
async function explainShape(db: Client, shape: Shape, cursor: string | undefined): Promise<string> {
  const after = cursor
    ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at: string; id: number })
    : null;
  const assigneeId = shape.assigneeId === 'me' ? 1 : shape.assigneeId;
  const { sql, params } = ticketPageSql(
    { status: shape.status, assigneeId, sort: shape.sort, order: shape.order, limit: PAGE_SIZE, cursor },
    after ? { at: after.at, id: after.id } : null,
  );
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return rows.map((row) => `  ${row['QUERY PLAN']}`).join('\n');
}

runIfMain(module, runList);
