/**
 * Ingest: simulated Telegram clients write through the Bot API emulator, in polling mode and in webhook
 * mode. Measures how many updates a second become stored messages (a backlog drained at full speed), and
 * the latency from the update to the message showing in `GET /tickets` at half the target rate (the
 * target's "half that load") and, when the measured maximum is well above the target, at half of it too.
 * In the same run, Postgres's own single-row insert rate on this machine, as the yardstick.
 */
import { Client } from 'pg';
import { TelegramEmulator } from '@app/telegram-emulator';
import { ADMIN, BenchStack, runIfMain } from './lib/bench-stack';
import { HttpClient } from './lib/load';
import { QUICK, TargetCheck, int, log, ms, printTable, printTargets, summarize, writeResult } from './lib/report';
import { PhaseResources, RESOURCE_HEADER, ResourceMonitor, cpuCost, resourceRows } from './lib/resources';
import { LatencyBreakdown, insertRate, latencyBreakdown, waitForCount } from './lib/ingest-probes';
import { LatencyProbe } from './lib/latency-probe';
import { LoneResult, SteadyResult, cpuMsPerOperation, loneMessages, steadyRate } from './lib/steady-rate';

const SIZES = QUICK
  ? { clients: 50, burst: 1500, loadMs: 4000, insertMs: 3000 }
  : { clients: 100, burst: 10_000, loadMs: 20_000, insertMs: 10_000 };
/** An ordinary busy desk: 50 clients, 50 messages a second (the comparison), after a rest with no traffic. */
const STEADY = QUICK
  ? { clients: 50, rate: 50, loadMs: 6000, idleMs: 3000, lone: 30 }
  : { clients: 50, rate: 50, loadMs: 30_000, idleMs: 10_000, lone: 200 };
/** BENCH_INGEST_PHASES=steady runs the steady rate only (no burst, no latency phases): for before/after pairs */
const PHASES = (process.env.BENCH_INGEST_PHASES ?? 'steady,burst').split(',');
const ALL_MODES = ['polling', 'webhook'] as const;
/** BENCH_INGEST_MODES=webhook (or polling) runs one mode only */
const MODES = ALL_MODES.filter((mode) =>
  (process.env.BENCH_INGEST_MODES ?? ALL_MODES.join(',')).split(',').includes(mode),
);
/** the target: 1,000 updates/s stored, p99 < 100 ms at half that load */
const TARGET_PER_SECOND = 1000;
type Mode = (typeof ALL_MODES)[number];

interface ModeResult {
  mode: Mode;
  maxUpdatesPerSecond: number;
  /** updates a second the bot stored (acknowledged to Telegram) during the burst */
  intakePerSecond: number;
  burst: number;
  burstSeconds: number;
  /**
   * open-loop load phases: half the target rate; the target rate when the burst was stored well above it; half
   * the measured maximum when that is well above both
   */
  loads: LoadResult[];
  lost: number;
  resources: { burst?: PhaseResources };
  idleBusyPercent: number;
  steady?: SteadyResult;
  lone?: LoneResult;
}

interface LoadResult {
  label: 'half target' | 'target' | 'half max';
  targetPerSecond: number;
  sentPerSecond: number;
  sent: number;
  unseen: number;
  latency: ReturnType<typeof summarize>;
  pollMs: number;
  breakdown: LatencyBreakdown;
  resources: PhaseResources;
}

export async function runIngest(): Promise<Record<string, unknown>> {
  log(`\n=== Ingest: ${SIZES.clients} clients, ${MODES.join(' and ')} ${QUICK ? '[quick]' : ''}`);
  const results: ModeResult[] = [];
  let inserts: Awaited<ReturnType<typeof insertRate>> | undefined;
  for (const mode of MODES) {
    results.push(
      await runMode(mode, async (databaseUrl) => {
        if (PHASES.includes('burst')) inserts ??= await insertRate(databaseUrl, SIZES.insertMs);
      }),
    );
  }
  printSteady(results);
  if (!PHASES.includes('burst')) {
    const result = { steady: STEADY, modes: results };
    writeResult('ingest', result);
    return result;
  }
  const insertsPerSecond = inserts!.perSecond;

  printTable(
    `Postgres single-row INSERT, each its own transaction (${inserts!.connections} connections, ${SIZES.insertMs / 1000} s)`,
    ['inserts', 'inserts/s', 'p50 ms', 'p99 ms'],
    [[int(inserts!.count), int(insertsPerSecond), ms(inserts!.latency.p50), ms(inserts!.latency.p99)]],
  );
  printTable(
    'Ingest',
    ['mode', 'burst', 'stored/s (max)', 'bot intake/s', '÷ insert rate', 'CPU ms/update', 'lost'],
    results.map((r) => [
      r.mode,
      int(r.burst),
      int(r.maxUpdatesPerSecond),
      int(r.intakePerSecond),
      `${((r.maxUpdatesPerSecond / insertsPerSecond) * 100).toFixed(1)}%`,
      ms(cpuCost(r.resources.burst!, r.burst).msPerOperation),
      r.lost,
    ]),
  );
  const loads = results.flatMap((r) => r.loads.map((load) => ({ mode: r.mode, ...load })));
  printTable(
    'Update → visible in GET /tickets, open loop',
    ['mode', 'load', 'sent/s', 'p50 ms', 'p95 ms', 'p99 ms', 'unseen', 'poll ms', 'CPU ms/update'],
    loads.map((l) => [
      l.mode,
      l.label,
      int(l.sentPerSecond),
      ms(l.latency.p50),
      ms(l.latency.p95),
      ms(l.latency.p99),
      l.unseen,
      ms(l.pollMs),
      ms(cpuCost(l.resources, l.sent).msPerOperation),
    ]),
  );
  log(
    '  latency: from the update entering the emulator to the first GET /tickets response showing it; the first 50 of GET /tickets polled every 10 ms',
  );
  printTable(
    'Where the latency goes (p50 / p99, ms)',
    ['mode', 'load', 'update → stored by bot', 'bot → recorded by ticket-service', 'recorded → seen in GET /tickets'],
    loads.map(({ mode, label, breakdown: b }) => [
      mode,
      label,
      `${ms(b.toBot.p50)} / ${ms(b.toBot.p99)}`,
      `${ms(b.toTicketService.p50)} / ${ms(b.toTicketService.p99)}`,
      `${ms(b.toList.p50)} / ${ms(b.toList.p99)}`,
    ]),
  );
  printTable('Resources under load', RESOURCE_HEADER, [
    ...results.flatMap((r) => resourceRows(`${r.mode} burst`, r.resources.burst!)),
    ...loads.flatMap((l) => resourceRows(`${l.mode} ${l.label}`, l.resources)),
  ]);

  const targets: TargetCheck[] = results.flatMap((r) => [
    {
      target: `${r.mode}: ≥ 1,000 updates/s stored`,
      measured: `${int(r.maxUpdatesPerSecond)}/s`,
      met: r.maxUpdatesPerSecond >= 1000,
    },
    ...(['half target', 'target'] as const).map((label) => {
      const rate = label === 'target' ? TARGET_PER_SECOND : TARGET_PER_SECOND / 2;
      const load = r.loads.find((candidate) => candidate.label === label);
      return {
        target: `${r.mode}: p99 < 100 ms at ${int(rate)}/s`,
        measured: load
          ? `${ms(load.latency.p99)} ms at ${int(load.sentPerSecond)}/s`
          : `not run: the burst was stored at ${int(r.maxUpdatesPerSecond)}/s`,
        met: load !== undefined && load.latency.p99 < 100,
      };
    }),
    { target: `${r.mode}: nothing lost`, measured: `${r.lost} lost`, met: r.lost === 0 },
  ]);
  printTargets(targets);
  const result = { sizes: SIZES, inserts, modes: results, targets };
  writeResult('ingest', result);
  return result;
}

const PROCESSES = [
  'api-gateway',
  'ticket-service',
  'bot-service',
  'postgres',
  'rabbitmq',
  'total',
  'postgres (own db)',
  'total (own db)',
];

function printSteady(results: ModeResult[]): void {
  const steady = results.filter((r) => r.steady).map((r) => ({ mode: r.mode, ...r.steady! }));
  if (steady.length === 0) return;
  const per = (value: number, count: number) => (value / count).toFixed(2);
  printTable(
    `Steady rate: ${STEADY.clients} clients, ${STEADY.rate} messages/s for ${STEADY.loadMs / 1000} s — CPU ms per message`,
    ['mode', 'sent', ...PROCESSES, 'push → stored p50 ms', 'p99 ms'],
    steady.map((s) => {
      const cost = cpuMsPerOperation(s.resources, s.sent);
      return [
        s.mode,
        s.sent,
        ...PROCESSES.map((name) => ms(cost[name])),
        ms(s.pushToStored.p50),
        ms(s.pushToStored.p99),
      ];
    }),
  );
  log(
    "  postgres: all its processes (other users' too); postgres (own db): the backends serving this run's database only (not the WAL writer)",
  );
  log(
    "  push → stored: from the update entering the emulator to its ticket.messages row (created_at: the storing transaction's start)",
  );
  printTable(
    "Steady rate: work per client message (pg_stat_database of this run's database; AMQP from the services' /metrics)",
    [
      'mode',
      'commits',
      'rollbacks',
      'tuples fetched',
      'inserted',
      'updated',
      'deleted',
      'RPC requests',
      'events published',
      'events consumed',
      'AMQP messages',
    ],
    steady.map((s) => [
      s.mode,
      per(s.database.commits, s.sent),
      per(s.database.rollbacks, s.sent),
      per(s.database.tuplesFetched, s.sent),
      per(s.database.tuplesInserted, s.sent),
      per(s.database.tuplesUpdated, s.sent),
      per(s.database.tuplesDeleted, s.sent),
      per(s.broker.rpcRequests, s.sent),
      per(s.broker.eventsPublished, s.sent),
      per(s.broker.eventsConsumed, s.sent),
      per(s.broker.messages, s.sent),
    ]),
  );
  const lone = results.filter((r) => r.lone).map((r) => ({ mode: r.mode, ...r.lone! }));
  printTable(
    `Lone messages: ${STEADY.lone}, each sent once the one before is stored — CPU ms per message, and work per message`,
    ['mode', ...PROCESSES, 'p50 ms', 'p99 ms', 'commits', 'tuples fetched', 'RPC', 'events published'],
    lone.map((l) => {
      const cost = cpuMsPerOperation(l.resources, l.sent);
      return [
        l.mode,
        ...PROCESSES.map((name) => ms(cost[name])),
        ms(l.pushToStored.p50),
        ms(l.pushToStored.p99),
        per(l.database.commits, l.sent),
        per(l.database.tuplesFetched, l.sent),
        per(l.broker.rpcRequests, l.sent),
        per(l.broker.eventsPublished, l.sent),
      ];
    }),
  );
  log(
    "  latency here: push → the benchmark seeing the row (polled every 10 ms, so up to 10 ms more than the steady rate's measure)",
  );
  printTable(
    `Idle, no traffic for ${STEADY.idleMs / 1000} s — CPU ms per second`,
    ['mode', ...PROCESSES, 'commits/s', 'tuples fetched/s'],
    steady.map((s) => {
      const cost = cpuMsPerOperation(s.idle.resources, s.idle.seconds);
      return [
        s.mode,
        ...PROCESSES.map((name) => ms(cost[name])),
        per(s.idle.database.commits, s.idle.seconds),
        per(s.idle.database.tuplesFetched, s.idle.seconds),
      ];
    }),
  );
  log(
    "  pg_stat_statements is not in this Postgres's shared_preload_libraries, so statements are counted as transactions and tuples",
  );
}

async function runMode(mode: Mode, beforeLoad: (databaseUrl: string) => Promise<void>): Promise<ModeResult> {
  log(`\n--- ${mode} mode`);
  const telegram = await TelegramEmulator.start();
  const stack = await BenchStack.start({
    scenario: `ingest-${mode}`,
    services: ['ticket-service', 'api-gateway', 'bot-service'],
    telegram,
    env: { TELEGRAM_MODE: mode },
  });
  const http = new HttpClient(stack.gatewayUrl, 4);
  const db = new Client({ connectionString: stack.databaseUrl });
  try {
    await db.connect();
    // an experiment's change to the schema under test, e.g. an index dropped (bench/README.md)
    if (process.env.BENCH_INGEST_SQL) await db.query(process.env.BENCH_INGEST_SQL);
    await beforeLoad(stack.databaseUrl);
    const token = await http.login(ADMIN.email, ADMIN.password);
    const clients: EmulatedClient[] = Array.from({ length: SIZES.clients }, (_, i) => ({
      id: 820_000_000 + i,
      first_name: `Client ${i}`,
      language_code: 'en',
    }));
    const sequence = new Map<number, number>();
    const send = (client: (typeof clients)[number], tag: string) => {
      const n = (sequence.get(client.id) ?? 0) + 1;
      sequence.set(client.id, n);
      telegram.clientSends(client, { text: `${tag} ${client.id} ${n}` });
      return n;
    };
    const stored = () =>
      db
        .query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket.messages WHERE direction = 'inbound'`)
        .then((r) => r.rows[0].n);
    const received = () =>
      db.query<{ n: number }>('SELECT count(*)::int AS n FROM bot.inbound_updates').then((r) => r.rows[0].n);

    // Warm-up: every client writes once, which opens its ticket.
    for (const client of clients) send(client, 'hello');
    await waitForCount(stored, clients.length, 60_000, 'warm-up messages stored');

    let steady: SteadyResult | undefined;
    let lone: LoneResult | undefined;
    if (PHASES.includes('steady')) {
      steady = await steadyRate({
        stack,
        db,
        clients: clients.slice(0, STEADY.clients),
        send,
        rate: STEADY.rate,
        loadMs: STEADY.loadMs,
        idleMs: STEADY.idleMs,
        storedBefore: clients.length,
        stored,
      });
      const cost = cpuMsPerOperation(steady.resources, steady.sent);
      log(
        `  steady ${STEADY.rate}/s: ${ms(cost.total)} CPU ms/message, push → stored p50 ${ms(steady.pushToStored.p50)} / p99 ${ms(steady.pushToStored.p99)} ms`,
      );
      lone = await loneMessages({ stack, db, clients: clients.slice(0, STEADY.clients), send, count: STEADY.lone });
      log(
        `  ${STEADY.lone} lone messages: ${ms(cpuMsPerOperation(lone.resources, lone.sent)['total (own db)'])} CPU ms/message (own db)`,
      );
    }
    if (!PHASES.includes('burst')) {
      return {
        mode,
        maxUpdatesPerSecond: NaN,
        intakePerSecond: NaN,
        burst: 0,
        burstSeconds: NaN,
        loads: [],
        lost: 0,
        resources: {},
        idleBusyPercent: stack.idleBusyPercent,
        steady,
        lone,
      };
    }
    const storedAfterSteady = await stored();

    // Full speed: a backlog of `burst` updates at once; how fast does it become stored messages?
    const monitor = new ResourceMonitor(stack.processes);
    const before = await stored();
    const burstStarted = Date.now();
    for (let i = 0; i < SIZES.burst; i += 1) send(clients[i % clients.length], 'burst');
    const receivedBefore = await received();
    const intakeDone = waitForCount(received, receivedBefore + SIZES.burst, 600_000, 'burst received by the bot');
    await waitForCount(stored, before + SIZES.burst, 600_000, 'burst stored');
    const burstSeconds = (Date.now() - burstStarted) / 1000;
    const intakeSeconds = ((await intakeDone) - burstStarted) / 1000;
    const burstResources = monitor.stop();
    stack.assertAlive();
    const maxUpdatesPerSecond = SIZES.burst / burstSeconds;
    log(
      `  burst of ${int(SIZES.burst)}: stored in ${burstSeconds.toFixed(1)} s (${int(maxUpdatesPerSecond)}/s); bot took them in ${intakeSeconds.toFixed(1)} s`,
    );

    // Open loop at half the target rate, at the target rate when the burst was stored well above it (a queue
    // that only grows says nothing), and at half the measured max when that is well above both: latency from
    // the update to visible in GET /tickets.
    const rates: [LoadResult['label'], number][] = [['half target', TARGET_PER_SECOND / 2]];
    if (maxUpdatesPerSecond >= TARGET_PER_SECOND * 1.1) rates.push(['target', TARGET_PER_SECOND]);
    if (maxUpdatesPerSecond / 2 > rates.at(-1)![1] * 1.25) rates.push(['half max', maxUpdatesPerSecond / 2]);
    const loads: LoadResult[] = [];
    let sentInLoads = 0;
    for (const [label, rate] of rates) {
      const load = await openLoop(label, rate, {
        http,
        token,
        db,
        clients,
        send,
        stored,
        expectedBefore: before + SIZES.burst + sentInLoads,
        stack,
      });
      sentInLoads += load.sent;
      loads.push(load);
    }

    const expected = storedAfterSteady + SIZES.burst + sentInLoads;
    const lost = expected - (await stored());
    return {
      mode,
      maxUpdatesPerSecond,
      intakePerSecond: SIZES.burst / intakeSeconds,
      burst: SIZES.burst,
      burstSeconds,
      loads,
      lost,
      resources: { burst: burstResources },
      idleBusyPercent: stack.idleBusyPercent,
      steady,
      lone,
    };
  } finally {
    await http.close();
    await db.end().catch(() => undefined);
    await stack.stop();
    await telegram.stop();
  }
}

interface EmulatedClient {
  id: number;
  first_name: string;
  language_code: string;
}

interface OpenLoopContext {
  http: HttpClient;
  token: string;
  db: Client;
  clients: EmulatedClient[];
  send: (client: EmulatedClient, tag: string) => number;
  stored: () => Promise<number>;
  /** stored inbound messages before this phase */
  expectedBefore: number;
  stack: BenchStack;
}

/** `rate` updates a second for SIZES.loadMs, open loop, with GET /tickets watched for each. */
async function openLoop(label: LoadResult['label'], rate: number, c: OpenLoopContext): Promise<LoadResult> {
  const monitor = new ResourceMonitor(c.stack.processes);
  const probe = new LatencyProbe(c.http, c.token);
  probe.start();
  const sendStarted = performance.now();
  let sent = 0;
  let next = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - sendStarted;
      if (elapsed >= SIZES.loadMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      for (const due = Math.floor((elapsed / 1000) * rate); sent < due; sent += 1) {
        const client = c.clients[next++ % c.clients.length];
        const n = c.send(client, 'lat');
        probe.sent(client.id, n, performance.now());
      }
    }, 5);
  });
  const sentPerSecond = sent / ((performance.now() - sendStarted) / 1000);
  await waitForCount(c.stored, c.expectedBefore + sent, 120_000, `${label} messages stored`).catch((error: unknown) =>
    log(`  !! ${(error as Error).message}`),
  );
  const seen = await probe.stop(5000);
  const resources = monitor.stop();
  c.stack.assertAlive();
  log(`  ${label}: ${int(sentPerSecond)}/s, p99 ${ms(summarize(seen.latencies).p99)} ms`);
  return {
    label,
    targetPerSecond: rate,
    sentPerSecond,
    sent,
    unseen: sent - seen.latencies.length,
    latency: summarize(seen.latencies),
    pollMs: seen.pollMs,
    breakdown: await latencyBreakdown(c.db, probe.timeline),
    resources,
  };
}

runIfMain(module, runIngest);
