/**
 * What the instrumentation costs: list and ingest throughput with metrics scraped and tracing on (10 %
 * sampling, exported over OTLP to a sink in this process), against tracing off and nobody scraping, in one
 * run: the desk is started once per configuration, alternating, and each figure is the mean of its rounds.
 * Besides throughput, the services' own CPU per request and per update (from /proc): on a busy shared machine
 * throughput follows whatever else runs, while the CPU a request costs its services moves much less.
 * Metrics are always recorded in memory (there is no switch); what recording costs is measured on its own,
 * per request, at the end.
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { TelegramEmulator } from '@app/telegram-emulator';
import { ServiceMetrics } from '@app/telemetry';
import { ADMIN, BenchStack, runIfMain } from './lib/bench-stack';
import { waitForCount } from './lib/ingest-probes';
import { seedEmployees, seedTickets } from './lib/list-seed';
import { HttpClient, closedLoop } from './lib/load';
import { QUICK, TargetCheck, int, log, ms, printTable, printTargets, writeResult } from './lib/report';
import { PhaseResources, ResourceMonitor } from './lib/resources';

const SIZES = QUICK
  ? { rounds: 1, tickets: 20_000, clients: 2_000, listMs: 4000, writers: 50, burst: 1000, scrapeMs: 5000 }
  : { rounds: 2, tickets: 200_000, clients: 20_000, listMs: 10_000, writers: 100, burst: 4000, scrapeMs: 5000 };
const CONCURRENCY = 32;
const SAMPLE_RATIO = '0.1';
/** the issue's target: under 5 % of throughput lost to metrics and tracing */
const MAX_LOSS = 0.05;

type Config = 'off' | 'on';
interface Round {
  config: Config;
  listPerSecond: number;
  listP99: number;
  /** CPU of the three service processes per request, ms (not Postgres or RabbitMQ, which others share) */
  listCpuMs: number;
  ingestPerSecond: number;
  ingestCpuMs: number;
  otlpExports: number;
  scrapes: number;
}

/** CPU the service processes spent per operation over a phase, in ms. */
function serviceCpuMs(resources: PhaseResources, operations: number): number {
  const percent = Object.values(resources.services).reduce((sum, service) => sum + service.cpuPercent, 0);
  return ((percent / 100) * resources.seconds * 1000) / operations;
}

/** An OTLP/HTTP endpoint that accepts and counts what the services export, as a collector would. */
async function startOtlpSink(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function runRound(config: Config, otlpUrl: string): Promise<Round> {
  log(
    `\n--- instrumentation ${config === 'on' ? `on: traces at ${Number(SAMPLE_RATIO) * 100} % over OTLP, /metrics scraped every ${SIZES.scrapeMs / 1000} s` : 'off'}`,
  );
  const telegram = await TelegramEmulator.start();
  const stack = await BenchStack.start({
    scenario: `instrumentation-${config}`,
    services: ['ticket-service', 'api-gateway', 'bot-service'],
    telegram,
    env: config === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl, OTEL_TRACES_SAMPLER_ARG: SAMPLE_RATIO } : {},
    beforeStart: async (environment) => {
      const db = new Client({ connectionString: environment.databaseUrl });
      await db.connect();
      try {
        await seedEmployees(db, 10);
        await seedTickets(db, { tickets: SIZES.tickets, clients: SIZES.clients, employees: 10 });
      } finally {
        await db.end();
      }
    },
  });
  const http = new HttpClient(stack.gatewayUrl, CONCURRENCY);
  const db = new Client({ connectionString: stack.databaseUrl });
  let scrapes = 0;
  const scraper =
    config === 'on'
      ? setInterval(() => {
          for (const port of Object.values(stack.ports))
            void fetch(`http://127.0.0.1:${port}/metrics`)
              .then((r) => r.text())
              .then(() => (scrapes += 1));
        }, SIZES.scrapeMs)
      : undefined;
  try {
    await db.connect();
    const token = await http.login(ADMIN.email, ADMIN.password);
    const shapes = [
      '',
      '&status=open',
      '&status=closed&sort=createdAt&order=asc',
      '&assigneeId=me',
      '&status=open,in_progress&assigneeId=none',
    ];
    const get = (n: number) =>
      http.expect(200, 'GET', `/tickets?limit=20${shapes[n % shapes.length]}`, { token }).then();
    await closedLoop({ concurrency: 4, requestsPerWorker: 20, task: (_, n) => get(n) });
    let monitor = new ResourceMonitor(stack.processes);
    const list = await closedLoop({
      concurrency: CONCURRENCY,
      durationMs: SIZES.listMs,
      task: (worker, n) => get(worker + n),
    });
    const listCpuMs = serviceCpuMs(monitor.stop(), list.requests);
    stack.assertAlive();

    const writers = Array.from({ length: SIZES.writers }, (_, i) => ({
      id: 830_000_000 + i,
      first_name: `Writer ${i}`,
      language_code: 'en',
    }));
    const stored = () =>
      db
        .query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket.messages WHERE direction = 'inbound'`)
        .then((r) => r.rows[0].n);
    for (const writer of writers) telegram.clientSends(writer, { text: `hello ${writer.id}` });
    await waitForCount(stored, writers.length, 60_000, 'warm-up messages stored');
    const before = await stored();
    const started = Date.now();
    monitor = new ResourceMonitor(stack.processes);
    for (let i = 0; i < SIZES.burst; i += 1) telegram.clientSends(writers[i % writers.length], { text: `burst ${i}` });
    await waitForCount(stored, before + SIZES.burst, 600_000, 'burst stored');
    const ingestPerSecond = SIZES.burst / ((Date.now() - started) / 1000);
    const ingestCpuMs = serviceCpuMs(monitor.stop(), SIZES.burst);
    stack.assertAlive();
    log(
      `  list ${int(list.perSecond)} req/s (p99 ${ms(list.latency.p99)} ms, ${list.errors} errors); ingest ${int(ingestPerSecond)} updates/s`,
    );
    return {
      config,
      listPerSecond: list.perSecond,
      listP99: list.latency.p99,
      listCpuMs,
      ingestPerSecond,
      ingestCpuMs,
      otlpExports: 0,
      scrapes,
    };
  } finally {
    if (scraper) clearInterval(scraper);
    await http.close();
    await db.end().catch(() => undefined);
    await stack.stop();
    await telegram.stop();
  }
}

/** Recording alone: what one request's observations (HTTP, RPC both ends) cost, in microseconds. */
function recordingCostMicros(): number {
  const metrics = new ServiceMetrics('bench');
  const n = 200_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) {
    metrics.httpRequests.observe({ method: 'GET', route: '/tickets', status: '200' }, 0.004);
    metrics.rpcClient.observe({ pattern: 'tickets.list', outcome: 'ok' }, 0.002);
    metrics.rpcServer.observe({ pattern: 'tickets.list', outcome: 'ok' }, 0.0015);
  }
  return Number(process.hrtime.bigint() - started) / 1e3 / n;
}

export async function runInstrumentation(): Promise<Record<string, unknown>> {
  log(
    `\n=== Instrumentation cost: ${int(SIZES.tickets)} tickets, ${SIZES.rounds} round(s) each way ${QUICK ? '[quick]' : ''}`,
  );
  const sink = await startOtlpSink();
  const rounds: Round[] = [];
  try {
    for (let round = 0; round < SIZES.rounds; round += 1) {
      for (const config of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const exportsBefore = sink.requests();
        const result = await runRound(config, sink.url);
        rounds.push({ ...result, otlpExports: sink.requests() - exportsBefore });
      }
    }
  } finally {
    await sink.close();
  }
  const mean = (config: Config, pick: (r: Round) => number) => {
    const of = rounds.filter((r) => r.config === config);
    return of.reduce((sum, r) => sum + pick(r), 0) / of.length;
  };
  const loss = (pick: (r: Round) => number) => 1 - mean('on', pick) / mean('off', pick);
  const listLoss = loss((r) => r.listPerSecond);
  const ingestLoss = loss((r) => r.ingestPerSecond);
  const extraCpu = (pick: (r: Round) => number) => mean('on', pick) / mean('off', pick) - 1;
  const listCpuExtra = extraCpu((r) => r.listCpuMs);
  const ingestCpuExtra = extraCpu((r) => r.ingestCpuMs);
  const recording = recordingCostMicros();

  printTable(
    'Instrumentation cost (each row a fresh desk; on = traces at 10 % exported over OTLP + /metrics scraped)',
    [
      'config',
      'list req/s (32 clients)',
      'list p99 ms',
      'services CPU ms/request',
      'ingest updates/s',
      'services CPU ms/update',
      'OTLP exports',
      '/metrics scrapes',
    ],
    rounds.map((r) => [
      r.config,
      int(r.listPerSecond),
      ms(r.listP99),
      ms(r.listCpuMs),
      int(r.ingestPerSecond),
      ms(r.ingestCpuMs),
      r.otlpExports,
      r.scrapes,
    ]),
  );
  log(
    `  recording metrics in memory (always on): ${recording.toFixed(2)} µs per request for its three histogram observations`,
  );
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  log(
    `  services' CPU per operation, on against off: list ${percent(listCpuExtra)}, ingest ${percent(ingestCpuExtra)}`,
  );
  const targets: TargetCheck[] = [
    {
      target: 'list: < 5 % throughput lost to metrics + tracing',
      measured: `${percent(listLoss)} lost`,
      met: listLoss < MAX_LOSS,
    },
    {
      target: 'ingest: < 5 % throughput lost to metrics + tracing',
      measured: `${percent(ingestLoss)} lost`,
      met: ingestLoss < MAX_LOSS,
    },
  ];
  printTargets(targets);
  const result = {
    sizes: SIZES,
    rounds,
    listLoss,
    ingestLoss,
    listCpuExtra,
    ingestCpuExtra,
    recordingMicrosPerRequest: recording,
    targets,
  };
  writeResult('instrumentation', result);
  return result;
}

runIfMain(module, runInstrumentation);
