import { Client } from 'pg';
import type { BenchStack } from './bench-stack';
import { LatencySummary, log, summarize } from './report';
import { PhaseResources, ResourceMonitor } from './resources';
import { waitForCount } from './ingest-probes';

/** What the database did over a phase, from pg_stat_database (this scenario's own database only). */
export interface DatabaseWork {
  commits: number;
  rollbacks: number;
  /** rows returned by index and sequential scans (tup_fetched) */
  tuplesFetched: number;
  tuplesInserted: number;
  tuplesUpdated: number;
  tuplesDeleted: number;
}

/** AMQP messages the services handled over a phase, from their /metrics: RPC requests (and their replies), events consumed. */
export interface BrokerWork {
  rpcRequests: number;
  /** rows written to the services' outboxes (each published once to the exchange) */
  eventsPublished: number;
  /** events consumed through the services' event queues (the gateway's live-event queue is not counted) */
  eventsConsumed: number;
  /** requests + replies + events published + events consumed: messages through RabbitMQ */
  messages: number;
}

export interface SteadyResult {
  rate: number;
  seconds: number;
  sent: number;
  /** push into the emulator → the message's row in ticket.messages (its transaction's start, `created_at`) */
  pushToStored: LatencySummary;
  resources: PhaseResources;
  database: DatabaseWork;
  broker: BrokerWork;
  /** nothing sent, for `idleSeconds`: what the desk costs at rest */
  idle: { seconds: number; resources: PhaseResources; database: DatabaseWork };
}

const STAT_COLUMNS = 'xact_commit, xact_rollback, tup_fetched, tup_inserted, tup_updated, tup_deleted';

async function databaseStats(db: Client): Promise<DatabaseWork> {
  // A backend reports its counters when idle for a moment (pgstat's flush interval), and this snapshot must
  // not read the cache of the previous one.
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await db.query<Record<string, string>>(
    `SELECT ${STAT_COLUMNS} FROM pg_stat_database WHERE datname = current_database()`,
  );
  const row = rows[0];
  return {
    commits: Number(row.xact_commit),
    rollbacks: Number(row.xact_rollback),
    tuplesFetched: Number(row.tup_fetched),
    tuplesInserted: Number(row.tup_inserted),
    tuplesUpdated: Number(row.tup_updated),
    tuplesDeleted: Number(row.tup_deleted),
  };
}

const difference = (after: DatabaseWork, before: DatabaseWork): DatabaseWork =>
  Object.fromEntries(
    Object.entries(after).map(([key, value]) => [key, value - before[key as keyof DatabaseWork]]),
  ) as unknown as DatabaseWork;

/** Sum of a histogram's `_count` lines over all label sets, from Prometheus text. */
function histogramCount(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}_count`)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Sum of a gauge's samples whose label text passes `keep`, from Prometheus text. */
function gaugeSum(text: string, name: string, keep: (labels: string) => boolean): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labels = line.slice(name.length, line.lastIndexOf('}') + 1);
    if (keep(labels)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** The three services' /metrics, as Prometheus text ('' where one did not answer). */
function metricsTexts(stack: BenchStack): Promise<string[]> {
  return Promise.all(
    [stack.ports.gateway, stack.ports.bot, stack.ports.ticket].map((port) =>
      fetch(`http://127.0.0.1:${port}/metrics`).then((response) => (response.ok ? response.text() : '')),
    ),
  );
}

async function brokerCounts(stack: BenchStack): Promise<{ rpcRequests: number; eventsConsumed: number }> {
  const texts = await metricsTexts(stack);
  return {
    rpcRequests: texts.reduce((sum, text) => sum + histogramCount(text, 'desk_rpc_server_duration_seconds'), 0),
    eventsConsumed: texts.reduce((sum, text) => sum + histogramCount(text, 'desk_event_handling_duration_seconds'), 0),
  };
}

/**
 * What the desk is still doing, from outside: rows waiting in the database (notices to send, events to
 * relay), messages waiting in RabbitMQ (`desk_queue_messages`), and a fingerprint of counters that move
 * whenever anything is done (notices stored and sent, events handled, RPCs served). An event the relay has
 * published but no service has handled yet is in none of the tables, so the tables alone can say "quiet"
 * while the warm-up's notices are still to come.
 */
async function activity(stack: BenchStack, db: Client): Promise<{ waiting: number; fingerprint: string }> {
  const { rows } = await db.query<{ waiting: number; notices: string; sent: string }>(
    `SELECT (SELECT count(*) FROM bot.outbound_messages WHERE status = 'pending')
      + (SELECT count(*) FROM bot.outbox) + (SELECT count(*) FROM ticket.outbox) + (SELECT count(*) FROM auth.outbox)
        AS waiting,
      (SELECT count(*) FROM bot.outbound_messages) AS notices,
      (SELECT count(*) FROM bot.outbound_messages WHERE status <> 'pending') AS sent`,
  );
  const texts = await metricsTexts(stack);
  const queued = texts.reduce(
    (sum, text) => sum + gaugeSum(text, 'desk_queue_messages', (labels) => !labels.includes('.dead"')),
    0,
  );
  const handled = texts.map(
    (text) =>
      histogramCount(text, 'desk_event_handling_duration_seconds') +
      histogramCount(text, 'desk_rpc_server_duration_seconds'),
  );
  const { waiting, notices, sent } = rows[0];
  return { waiting: Number(waiting) + queued, fingerprint: [notices, sent, ...handled].join(' ') };
}

/** Nothing waiting, and nothing done for a second and a half: the warm-up's tail is over. */
async function waitUntilQuiet(stack: BenchStack, db: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let since = Date.now();
  for (;;) {
    const { waiting, fingerprint } = await activity(stack, db);
    if (waiting > 0 || fingerprint !== last) {
      last = fingerprint;
      since = Date.now();
    } else if (Date.now() - since >= 1500) return;
    if (Date.now() > deadline) throw new Error(`the desk did not go quiet within ${timeoutMs} ms (${waiting} waiting)`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Rows written to the three outboxes so far: events published. */
async function eventsWritten(db: Client): Promise<number> {
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await db.query<{ n: string }>(
    `SELECT coalesce(sum(n_tup_ins), 0) AS n FROM pg_stat_user_tables WHERE relname = 'outbox'`,
  );
  return Number(rows[0].n);
}

/** Lets the backends' statistics reach pg_stat_database (flushed at most once a second when busy). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1200));

/**
 * An ordinary rate rather than a flood: `idleMs` with nothing sent (what the pollers cost), then `rate`
 * messages a second for `loadMs`, spread over `clients` in turn, paced by a timer. Nothing else polls the
 * database meanwhile, so pg_stat_database counts the desk's own work.
 */
export async function steadyRate<C extends { id: number }>(options: {
  stack: BenchStack;
  db: Client;
  clients: C[];
  send: (client: C, tag: string) => number;
  rate: number;
  loadMs: number;
  idleMs: number;
  storedBefore: number;
  stored: () => Promise<number>;
}): Promise<SteadyResult> {
  const { stack, db, clients, send, rate, loadMs, idleMs } = options;

  // Idle means idle: the warm-up's notices sent and every outbox relayed.
  await waitUntilQuiet(stack, db, 120_000);
  await settle();
  const idleStats = await databaseStats(db);
  const idleMonitor = new ResourceMonitor(stack.processes, stack.environment.name);
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const idleResources = idleMonitor.stop();
  const idleDatabase = difference(await databaseStats(db), idleStats);

  const statsBefore = await databaseStats(db);
  const brokerBefore = await brokerCounts(stack);
  const eventsBefore = await eventsWritten(db);
  const monitor = new ResourceMonitor(stack.processes, stack.environment.name);
  const stalls = watchOwnStalls();
  const sentAt = new Map<string, number>();
  const started = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      if (elapsed >= loadMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      for (const due = Math.floor((elapsed / 1000) * rate); sent < due; sent += 1) {
        const client = clients[sent % clients.length];
        const at = performance.timeOrigin + performance.now();
        const n = send(client, 'steady');
        sentAt.set(`${client.id} ${n}`, at);
      }
    }, 2);
  });
  await waitForCount(options.stored, options.storedBefore + sent, 60_000, 'steady-rate messages stored');
  const resources = monitor.stop();
  const ownStalls = stalls.stop();
  await settle();
  const database = difference(await databaseStats(db), statsBefore);
  const brokerAfter = await brokerCounts(stack);
  const eventsPublished = (await eventsWritten(db)) - eventsBefore;
  stack.assertAlive();

  const { rows } = await db.query<{ text: string; stored: number }>(
    `SELECT text, extract(epoch FROM created_at) * 1000 AS stored FROM ticket.messages WHERE text LIKE 'steady %'`,
  );
  const timed = rows.flatMap((row) => {
    const at = sentAt.get(row.text.slice('steady '.length));
    return at === undefined
      ? []
      : [{ text: row.text, at, stored: Number(row.stored), latency: Number(row.stored) - at }];
  });
  const latencies = timed.map((message) => message.latency);
  const slowest = timed.sort((a, b) => b.latency - a.latency).slice(0, 5);
  if (slowest.length > 0 && slowest[0].latency > 20) await describeSlowest(db, slowest, ownStalls);
  const rpcRequests = brokerAfter.rpcRequests - brokerBefore.rpcRequests;
  const eventsConsumed = brokerAfter.eventsConsumed - brokerBefore.eventsConsumed;
  return {
    rate,
    seconds: loadMs / 1000,
    sent,
    pushToStored: summarize(latencies),
    resources,
    database,
    broker: {
      rpcRequests,
      eventsPublished,
      eventsConsumed,
      messages: rpcRequests * 2 + eventsPublished + eventsConsumed,
    },
    idle: { seconds: idleMs / 1000, resources: idleResources, database: idleDatabase },
  };
}

export interface LoneResult {
  sent: number;
  pushToStored: LatencySummary;
  resources: PhaseResources;
  /** the benchmark's own polls subtracted */
  database: DatabaseWork;
  broker: BrokerWork;
}

/**
 * Messages one at a time: each sent once the one before is stored, so every message meets an idle desk
 * and pays every wake-up, claim, RPC and event alone, whatever the machine's load (at 50/s on a loaded
 * machine the latency grows and the messages start sharing batches, which hides that cost). The benchmark
 * polls for the stored row with `max(id)` every 10 ms: its backend is left out of the Postgres CPU and its
 * polls out of the commits.
 */
export async function loneMessages<C extends { id: number }>(options: {
  stack: BenchStack;
  db: Client;
  clients: C[];
  send: (client: C, tag: string) => number;
  count: number;
}): Promise<LoneResult> {
  const { stack, db, clients, send, count } = options;
  const backend = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const newest = async () => {
    const { rows } = await db.query<{ id: string | null }>(`SELECT max(id) AS id FROM ticket.messages`);
    return Number(rows[0].id ?? 0);
  };
  await settle();
  const statsBefore = await databaseStats(db);
  const brokerBefore = await brokerCounts(stack);
  const eventsBefore = await eventsWritten(db);
  const monitor = new ResourceMonitor(stack.processes, stack.environment.name, [backend]);
  const latencies: number[] = [];
  let polls = 0;
  let last = await newest();
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    send(clients[i % clients.length], 'lone');
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      polls += 1;
      const id = await newest();
      if (id > last) {
        last = id;
        break;
      }
      if (performance.now() - started > 30_000) throw new Error(`lone message ${i} not stored after 30 s`);
    }
    latencies.push(performance.now() - started);
  }
  const resources = monitor.stop();
  await settle();
  const measured = difference(await databaseStats(db), statsBefore);
  const brokerAfter = await brokerCounts(stack);
  const eventsPublished = (await eventsWritten(db)) - eventsBefore;
  // the polls, and the two statistics reads between the snapshots
  const database = { ...measured, commits: measured.commits - polls - 2 };
  const rpcRequests = brokerAfter.rpcRequests - brokerBefore.rpcRequests;
  const eventsConsumed = brokerAfter.eventsConsumed - brokerBefore.eventsConsumed;
  return {
    sent: count,
    pushToStored: summarize(latencies),
    resources,
    database,
    broker: {
      rpcRequests,
      eventsPublished,
      eventsConsumed,
      messages: rpcRequests * 2 + eventsPublished + eventsConsumed,
    },
  };
}

/** CPU ms per operation of each process of a phase, and their total. */
export function cpuMsPerOperation(resources: PhaseResources, operations: number): Record<string, number> {
  const perProcess: Record<string, number> = {};
  const cost = (percent: number) => Math.round(((percent / 100) * resources.seconds * 1000 * 100) / operations) / 100;
  for (const [name, service] of Object.entries(resources.services)) perProcess[name] = cost(service.cpuPercent);
  for (const [name, percent] of Object.entries(resources.serversCpuPercent)) perProcess[name] = cost(percent);
  perProcess.total = Math.round(Object.values(perProcess).reduce((sum, value) => sum + value, 0) * 100) / 100;
  if (resources.ownPostgresCpuPercent !== undefined) {
    perProcess['postgres (own db)'] = cost(resources.ownPostgresCpuPercent);
    perProcess['total (own db)'] =
      Math.round((perProcess.total - perProcess.postgres + perProcess['postgres (own db)']) * 100) / 100;
  }
  return perProcess;
}

/**
 * When the tail is long: when its slowest messages were pushed (to line up with the services' log,
 * BENCH_SERVICE_LOG) and where their time went, from the bot's stored row (received_at, forwarded_at: each
 * its transaction's start) to ticket-service's.
 */
async function describeSlowest(
  db: Client,
  slowest: { text: string; at: number; stored: number; latency: number }[],
  ownStalls: Stall[],
): Promise<void> {
  const { rows } = await db.query<{ text: string; received: number; forwarded: number | null }>(
    `SELECT payload->'message'->>'text' AS text, extract(epoch FROM received_at) * 1000 AS received,
            extract(epoch FROM forwarded_at) * 1000 AS forwarded
     FROM bot.inbound_updates WHERE payload->'message'->>'text' = ANY($1)`,
    [slowest.map((message) => message.text)],
  );
  const bot = new Map(rows.map((row) => [row.text, row]));
  log('  slowest push → stored (push → bot stored → forward claimed → ticket-service stored):');
  for (const message of slowest) {
    const row = bot.get(message.text);
    const stages = row
      ? [
          Number(row.received) - message.at,
          Number(row.forwarded) - Number(row.received),
          message.stored - Number(row.forwarded),
        ]
      : [];
    // The benchmark process hosts the Bot API emulator: while it stalls, the bot's getUpdates waits too.
    const overlapping = ownStalls.filter((stall) => stall.from < message.stored && stall.to > message.at);
    const own = overlapping.length
      ? `; the benchmark process stalled ${overlapping.map((stall) => `${Math.round(stall.to - stall.from)} ms`).join(', ')} meanwhile`
      : '';
    log(
      `    ${Math.round(message.latency)} ms, pushed ${new Date(message.at).toISOString()}: ${stages.map((ms) => Math.round(ms)).join(' + ')} ms${own}`,
    );
  }
  const longest = ownStalls.reduce((most, stall) => Math.max(most, stall.to - stall.from), 0);
  log(
    `  the benchmark process's own event-loop stalls of ${OWN_STALL_MS} ms or more in the phase: ${ownStalls.length}` +
      (ownStalls.length ? `, the longest ${Math.round(longest)} ms` : ''),
  );
}

/** An event-loop stall of this process, in epoch ms. */
interface Stall {
  from: number;
  to: number;
}

const OWN_STALL_MS = 20;

/** Records this process's event-loop stalls: a 5 ms timer that fires OWN_STALL_MS or more late. */
function watchOwnStalls(): { stop(): Stall[] } {
  const stalls: Stall[] = [];
  let expected = performance.now() + 5;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - expected >= OWN_STALL_MS) {
      stalls.push({ from: performance.timeOrigin + expected, to: performance.timeOrigin + now });
    }
    expected = now + 5;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return stalls;
    },
  };
}
