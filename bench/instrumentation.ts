/**
 * What the instrumentation costs: list and ingest with metrics scraped and tracing on (10 % sampling,
 * exported over OTLP to a sink in this process), against tracing off and nobody scraping.
 *
 * Built to give a verdict on a busy shared machine, where throughput follows whatever else runs: both desks
 * (off and on) are started once, side by side, each with its own database, vhost and emulator, and the load
 * alternates between them round after round (off, on, on, off, off, on, …), so a neighbour's burst hits both
 * alike. Each phase measures the CPU the desk's three service processes spent per operation (user + system
 * time from /proc/<pid>/stat, which work elsewhere on the machine does not inflate the way it inflates wall
 * time), less the CPU the same services spend idle for as long (sampled just before), and the throughput; a
 * first round warms both desks up and is not counted. The verdict is the geometric mean of each round's
 * on/off ratio over an even number of rounds, each configuration going first in half of them: the second
 * phase of a round runs while the first desk finishes its work in the background, which made the second
 * phase 30–40 % slower whichever configuration it was, and a median over an odd number of rounds took a side.
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { ClientUser, TelegramEmulator } from '@app/telegram-emulator';
import { ServiceMetrics } from '@app/telemetry';
import { ADMIN, BenchStack, runIfMain } from './lib/bench-stack';
import { waitForCount } from './lib/ingest-probes';
import { seedEmployees, seedTickets } from './lib/list-seed';
import { HttpClient, closedLoop } from './lib/load';
import { QUICK, TargetCheck, int, log, ms, printTable, printTargets, writeResult } from './lib/report';
import { PhaseResources, ResourceMonitor } from './lib/resources';
import { ingestTracingCostMicros, tracingCostMicros } from './lib/tracing-cost';

const SIZES = QUICK
  ? { rounds: 2, tickets: 20_000, clients: 2_000, listMs: 3000, writers: 50, burst: 600, scrapeMs: 5000 }
  : { rounds: 8, tickets: 100_000, clients: 10_000, listMs: 6000, writers: 100, burst: 1500, scrapeMs: 5000 };
const CONCURRENCY = 32;
/** how long each desk's idle CPU is sampled before a phase */
const IDLE_SAMPLE_MS = 2000;
const SAMPLE_RATIO = '0.1';
/** the issue's target: under 5 % lost to metrics and tracing */
const MAX_LOSS = 0.05;
const LIST_SHAPES = [
  '',
  '&status=open',
  '&status=closed&sort=createdAt&order=asc',
  '&assigneeId=me',
  '&status=open,in_progress&assigneeId=none',
];

type Config = 'off' | 'on';

interface Phase {
  config: Config;
  round: number;
  listPerSecond: number;
  listP99: number;
  /** CPU of the three service processes per request, ms (not Postgres or RabbitMQ, which others share) */
  listCpuMs: number;
  ingestPerSecond: number;
  ingestCpuMs: number;
  /** the services' CPU while idle just before, ms per second (left out of the per-operation figures) */
  idleCpuMsPerSecond: number;
  /** how busy the whole machine was during the phase, every process counted */
  machineBusyPercent: number;
  scrapes: number;
}

/** CPU ms the service processes spent over a phase, all three together. */
function serviceCpuMs(resources: PhaseResources): number {
  const percent = Object.values(resources.services).reduce((sum, service) => sum + service.cpuPercent, 0);
  return (percent / 100) * resources.seconds * 1000;
}

/**
 * CPU ms per operation over a phase, less what the services spend idle (pollers, timers) in as long: on a
 * starved machine a phase does few operations, and the idle cost spread over them would otherwise swamp
 * what an operation costs.
 */
function cpuMsPerOperation(resources: PhaseResources, idleMsPerSecond: number, operations: number): number {
  return Math.max(0, serviceCpuMs(resources) - idleMsPerSecond * resources.seconds) / operations;
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

/** One configuration's desk, started once and loaded in turns. */
class Desk {
  private scrapes = 0;
  private sent = 0;

  private constructor(
    readonly config: Config,
    private readonly stack: BenchStack,
    private readonly telegram: TelegramEmulator,
    private readonly http: HttpClient,
    private readonly db: Client,
    private readonly token: string,
    private readonly writers: ClientUser[],
  ) {}

  static async start(config: Config, otlpUrl: string, writerBase: number): Promise<Desk> {
    log(
      `\n--- desk with instrumentation ${config === 'on' ? `on: traces at ${Number(SAMPLE_RATIO) * 100} % over OTLP, /metrics scraped every ${SIZES.scrapeMs / 1000} s while loaded` : 'off'}`,
    );
    const telegram = await TelegramEmulator.start();
    const stack = await BenchStack.start({
      scenario: `instrumentation-${config}`,
      services: ['ticket-service', 'api-gateway', 'bot-service'],
      telegram,
      // two desks at once on a Postgres others share: small pools, the same for both
      env: {
        DATABASE_POOL_SIZE: '6',
        ...(config === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl, OTEL_TRACES_SAMPLER_ARG: SAMPLE_RATIO } : {}),
      },
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
    await db.connect();
    const token = await http.login(ADMIN.email, ADMIN.password);
    const writers = Array.from({ length: SIZES.writers }, (_, i) => ({
      id: writerBase + i,
      first_name: `Writer ${i}`,
      language_code: 'en',
    }));
    const desk = new Desk(config, stack, telegram, http, db, token, writers);
    await desk.warmUp();
    return desk;
  }

  /** JIT, pools and every writer's ticket, so the rounds measure steady work. */
  private async warmUp(): Promise<void> {
    await closedLoop({ concurrency: 4, requestsPerWorker: 25, task: (_, n) => this.list(n) });
    for (const writer of this.writers) this.telegram.clientSends(writer, { text: `hello ${writer.id}` });
    this.sent += this.writers.length;
    await waitForCount(() => this.stored(), this.sent, 120_000, `${this.config}: warm-up messages stored`);
  }

  async run(round: number): Promise<Phase> {
    const idle = await this.idleCpuMsPerSecond();
    const stopScraping = this.config === 'on' ? this.scrapeWhileLoaded() : () => undefined;
    try {
      let monitor = new ResourceMonitor(this.stack.processes);
      const list = await closedLoop({
        concurrency: CONCURRENCY,
        durationMs: SIZES.listMs,
        task: (worker, n) => this.list(worker + n),
      });
      const listResources = monitor.stop();
      this.stack.assertAlive();

      const started = Date.now();
      monitor = new ResourceMonitor(this.stack.processes);
      for (let i = 0; i < SIZES.burst; i += 1)
        this.telegram.clientSends(this.writers[i % this.writers.length], { text: `round ${round} burst ${i}` });
      this.sent += SIZES.burst;
      await waitForCount(() => this.stored(), this.sent, 600_000, `${this.config}: burst stored`);
      const ingestPerSecond = SIZES.burst / ((Date.now() - started) / 1000);
      const ingestResources = monitor.stop();
      this.stack.assertAlive();
      const phase: Phase = {
        config: this.config,
        round,
        listPerSecond: list.perSecond,
        listP99: list.latency.p99,
        listCpuMs: cpuMsPerOperation(listResources, idle, list.requests),
        ingestPerSecond,
        ingestCpuMs: cpuMsPerOperation(ingestResources, idle, SIZES.burst),
        idleCpuMsPerSecond: idle,
        machineBusyPercent:
          (listResources.machineBusyPercent * listResources.seconds +
            ingestResources.machineBusyPercent * ingestResources.seconds) /
          (listResources.seconds + ingestResources.seconds),
        scrapes: this.scrapes,
      };
      log(
        `  round ${round}${round === 0 ? ' (warm-up)' : ''} ${this.config}: list ${int(phase.listPerSecond)} req/s, ${ms(phase.listCpuMs)} CPU ms/req; ` +
          `ingest ${int(phase.ingestPerSecond)} updates/s, ${ms(phase.ingestCpuMs)} CPU ms/update; machine ${phase.machineBusyPercent.toFixed(0)} % busy`,
      );
      return phase;
    } finally {
      stopScraping();
    }
  }

  /** The services' CPU with nothing to do, ms per second, measured just before a phase. */
  private async idleCpuMsPerSecond(): Promise<number> {
    const monitor = new ResourceMonitor(this.stack.processes);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
    const resources = monitor.stop();
    return serviceCpuMs(resources) / resources.seconds;
  }

  async stop(): Promise<void> {
    await this.http.close();
    await this.db.end().catch(() => undefined);
    await this.stack.stop();
    await this.telegram.stop();
  }

  private list(n: number): Promise<void> {
    return this.http
      .expect(200, 'GET', `/tickets?limit=20${LIST_SHAPES[n % LIST_SHAPES.length]}`, { token: this.token })
      .then();
  }

  private stored(): Promise<number> {
    return this.db
      .query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket.messages WHERE direction = 'inbound'`)
      .then((r) => r.rows[0].n);
  }

  /** Every service's /metrics, now and every scrapeMs, as Prometheus would while this desk works. */
  private scrapeWhileLoaded(): () => void {
    const scrapeAll = () => {
      for (const port of Object.values(this.stack.ports))
        void fetch(`http://127.0.0.1:${port}/metrics`)
          .then((r) => r.text())
          .then(() => (this.scrapes += 1))
          .catch(() => undefined);
    };
    scrapeAll();
    const timer = setInterval(scrapeAll, SIZES.scrapeMs);
    return () => clearInterval(timer);
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

/** The geometric mean over rounds of on/off: a factor that hits whichever phase goes second cancels out. */
function pairedRatio(phases: Phase[], pick: (phase: Phase) => number): number {
  const rounds = [...new Set(phases.map((phase) => phase.round))];
  const logs = rounds.map((round) => {
    const of = (config: Config) => pick(phases.find((phase) => phase.round === round && phase.config === config)!);
    return Math.log(of('on') / of('off'));
  });
  return Math.exp(logs.reduce((sum, value) => sum + value, 0) / logs.length);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function runInstrumentation(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  log(
    `\n=== Instrumentation cost: ${int(SIZES.tickets)} tickets per desk, ${SIZES.rounds} rounds each way, alternating ${QUICK ? '[quick]' : ''}`,
  );
  log(`  load average at start: ${loadBefore.map((value) => value.toFixed(1)).join(', ')}`);
  const sink = await startOtlpSink();
  const desks: Partial<Record<Config, Desk>> = {};
  const phases: Phase[] = [];
  try {
    // Side by side: setting a desk up is mostly waiting (rabbitmqctl, migrations, index builds, boot).
    const started = await Promise.allSettled([
      Desk.start('off', sink.url, 830_000_000),
      Desk.start('on', sink.url, 840_000_000),
    ]);
    [desks.off, desks.on] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    // round 0 warms both up (JIT, caches, pools at full concurrency) and is not counted
    for (let round = 0; round <= SIZES.rounds; round += 1) {
      for (const config of round % 2 === 1 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const phase = await desks[config]!.run(round);
        if (round > 0) phases.push(phase);
      }
    }
  } finally {
    await desks.on?.stop();
    await desks.off?.stop();
    await sink.close();
  }
  const loadAfter = loadavg();
  const medianOf = (config: Config, pick: (phase: Phase) => number) =>
    median(phases.filter((phase) => phase.config === config).map(pick));
  /** share lost: throughput down, or CPU per operation up, on against off (geometric mean of the rounds' ratios) */
  const lost = (pick: (phase: Phase) => number, higherIsBetter: boolean) => {
    const ratio = pairedRatio(phases, pick);
    return higherIsBetter ? 1 - ratio : ratio - 1;
  };
  const listCpuExtra = lost((p) => p.listCpuMs, false);
  const ingestCpuExtra = lost((p) => p.ingestCpuMs, false);
  const listLoss = lost((p) => p.listPerSecond, true);
  const ingestLoss = lost((p) => p.ingestPerSecond, true);
  const recording = recordingCostMicros();
  const tracing = await tracingCostMicros(Number(SAMPLE_RATIO));
  const ingestTracing = await ingestTracingCostMicros(Number(SAMPLE_RATIO));
  const offListCpuMicros = medianOf('off', (p) => p.listCpuMs) * 1000;

  printTable(
    'Instrumentation cost, phase by phase (on = traces at 10 % exported over OTLP + /metrics scraped)',
    [
      'round',
      'config',
      'list req/s (32 clients)',
      'list p99 ms',
      'services CPU ms/request',
      'ingest updates/s',
      'services CPU ms/update',
      'services idle CPU ms/s',
      'machine busy',
    ],
    phases.map((p) => [
      p.round,
      p.config,
      int(p.listPerSecond),
      ms(p.listP99),
      ms(p.listCpuMs),
      int(p.ingestPerSecond),
      ms(p.ingestCpuMs),
      int(p.idleCpuMsPerSecond),
      `${p.machineBusyPercent.toFixed(0)} %`,
    ]),
  );
  const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
  printTable(
    'Medians',
    ['config', 'list req/s', 'services CPU ms/request', 'ingest updates/s', 'services CPU ms/update'],
    (['off', 'on'] as const).map((config) => [
      config,
      int(medianOf(config, (p) => p.listPerSecond)),
      ms(medianOf(config, (p) => p.listCpuMs)),
      int(medianOf(config, (p) => p.ingestPerSecond)),
      ms(medianOf(config, (p) => p.ingestCpuMs)),
    ]),
  );
  log(
    `  recording metrics in memory (always on): ${recording.toFixed(2)} µs per request for its three histogram observations`,
  );
  log(
    `  tracing at ${Number(SAMPLE_RATIO) * 100} %, in process without I/O: ${(tracing.on - tracing.off).toFixed(1)} µs CPU per list request ` +
      `(its three spans, header propagation, export; ${tracing.off.toFixed(1)} µs with the SDK off, ${tracing.on.toFixed(1)} µs on), ` +
      `${(((tracing.on - tracing.off + recording) / offListCpuMicros) * 100).toFixed(2)} % of a request's service CPU with the metrics' ${recording.toFixed(1)} µs`,
  );
  log(
    `  tracing at ${Number(SAMPLE_RATIO) * 100} %, in process without I/O: ${(ingestTracing.on - ingestTracing.off).toFixed(1)} µs CPU per ingested update ` +
      `(its span where it enters, its batch's forward and RPC spans, the outbox context, two events published and consumed; ` +
      `${ingestTracing.off.toFixed(1)} µs with the SDK off, ${ingestTracing.on.toFixed(1)} µs on), ` +
      `${(((ingestTracing.on - ingestTracing.off) / (medianOf('off', (p) => p.ingestCpuMs) * 1000)) * 100).toFixed(2)} % of an update's service CPU`,
  );
  log(`  throughput lost, on against off (rounds paired): list ${percent(listLoss)}, ingest ${percent(ingestLoss)}`);
  log(
    `  load average at end: ${loadAfter.map((value) => value.toFixed(1)).join(', ')}; OTLP exports received: ${sink.requests()}`,
  );
  // CPU per operation is the verdict: on a machine others share, throughput moves with them.
  const targets: TargetCheck[] = [
    {
      target: 'list: < 5 % more service CPU per request with metrics + tracing (rounds paired)',
      measured: `${percent(listCpuExtra)} (throughput ${percent(listLoss)} lost)`,
      met: listCpuExtra < MAX_LOSS,
    },
    {
      target: 'ingest: < 5 % more service CPU per update with metrics + tracing (rounds paired)',
      measured: `${percent(ingestCpuExtra)} (throughput ${percent(ingestLoss)} lost)`,
      met: ingestCpuExtra < MAX_LOSS,
    },
  ];
  printTargets(targets);
  const result = {
    sizes: SIZES,
    loadAverage: { start: loadBefore, end: loadAfter },
    phases,
    listCpuExtra,
    ingestCpuExtra,
    listLoss,
    ingestLoss,
    otlpExports: sink.requests(),
    recordingMicrosPerRequest: recording,
    tracingMicrosPerRequest: tracing,
    tracingMicrosPerUpdate: ingestTracing,
    targets,
  };
  writeResult('instrumentation', result);
  return result;
}

runIfMain(module, runInstrumentation);
