/**
 * Ingest: simulated Telegram clients write through the Bot API emulator, in polling mode and in webhook
 * mode. Measures how many updates a second become stored messages (a backlog drained at full speed), and
 * at half that rate the latency from the update to the message showing in `GET /tickets`. In the same
 * run, Postgres's own single-row insert rate on this machine, as the yardstick.
 */
import { Client } from 'pg';
import { TelegramEmulator } from '@app/telegram-emulator';
import { ADMIN, BenchStack, runIfMain } from './lib/bench-stack';
import { HttpClient } from './lib/load';
import { QUICK, TargetCheck, int, log, ms, printTable, printTargets, summarize, writeResult } from './lib/report';
import { PhaseResources, RESOURCE_HEADER, ResourceMonitor, cpuCost, resourceRows } from './lib/resources';
import { LatencyBreakdown, insertRate, latencyBreakdown, waitForCount } from './lib/ingest-probes';
import { LatencyProbe } from './lib/latency-probe';

const SIZES = QUICK
  ? { clients: 50, burst: 1500, halfLoadMs: 6000, insertMs: 3000 }
  : { clients: 100, burst: 10_000, halfLoadMs: 20_000, insertMs: 10_000 };
const MODES = ['polling', 'webhook'] as const;
type Mode = (typeof MODES)[number];

interface ModeResult {
  mode: Mode;
  maxUpdatesPerSecond: number;
  /** updates a second the bot stored (acknowledged to Telegram) during the burst */
  intakePerSecond: number;
  burst: number;
  burstSeconds: number;
  halfLoad: {
    targetPerSecond: number;
    sentPerSecond: number;
    sent: number;
    unseen: number;
    latency: ReturnType<typeof summarize>;
    pollMs: number;
    breakdown: LatencyBreakdown;
  };
  lost: number;
  resources: { burst: PhaseResources; halfLoad: PhaseResources };
  idleBusyPercent: number;
}

export async function runIngest(): Promise<Record<string, unknown>> {
  log(`\n=== Ingest: ${SIZES.clients} clients, polling and webhook ${QUICK ? '[quick]' : ''}`);
  const results: ModeResult[] = [];
  let inserts: Awaited<ReturnType<typeof insertRate>> | undefined;
  for (const mode of MODES) {
    results.push(
      await runMode(mode, async (databaseUrl) => {
        inserts ??= await insertRate(databaseUrl, SIZES.insertMs);
      }),
    );
  }
  const insertsPerSecond = inserts!.perSecond;

  printTable(
    `Postgres single-row INSERT, each its own transaction (${inserts!.connections} connections, ${SIZES.insertMs / 1000} s)`,
    ['inserts', 'inserts/s', 'p50 ms', 'p99 ms'],
    [[int(inserts!.count), int(insertsPerSecond), ms(inserts!.latency.p50), ms(inserts!.latency.p99)]],
  );
  printTable(
    'Ingest',
    ['mode', 'burst', 'stored/s (max)', 'bot intake/s', '÷ insert rate', 'CPU ms/update', 'half load/s', 'p50 ms', 'p95 ms', 'p99 ms', 'unseen', 'lost'],
    results.map((r) => [
      r.mode,
      int(r.burst),
      int(r.maxUpdatesPerSecond),
      int(r.intakePerSecond),
      `${((r.maxUpdatesPerSecond / insertsPerSecond) * 100).toFixed(1)}%`,
      ms(cpuCost(r.resources.burst, r.burst).msPerOperation),
      int(r.halfLoad.sentPerSecond),
      ms(r.halfLoad.latency.p50),
      ms(r.halfLoad.latency.p95),
      ms(r.halfLoad.latency.p99),
      r.halfLoad.unseen,
      r.lost,
    ]),
  );
  log(`  latency: from the update entering the emulator to the first GET /tickets response showing it; ` +
    `GET /tickets polled back to back (mean ${results.map((r) => `${r.mode} ${ms(r.halfLoad.pollMs)} ms`).join(', ')} per poll)`);
  printTable(
    'Where the half-load latency goes (p50 / p99, ms)',
    ['mode', 'update → stored by bot', 'bot → recorded by ticket-service', 'recorded → seen in GET /tickets'],
    results.map(({ mode, halfLoad: { breakdown: b } }) => [
      mode,
      `${ms(b.toBot.p50)} / ${ms(b.toBot.p99)}`,
      `${ms(b.toTicketService.p50)} / ${ms(b.toTicketService.p99)}`,
      `${ms(b.toList.p50)} / ${ms(b.toList.p99)}`,
    ]),
  );
  printTable(
    'Resources under load',
    RESOURCE_HEADER,
    results.flatMap((r) => [...resourceRows(`${r.mode} burst`, r.resources.burst), ...resourceRows(`${r.mode} half`, r.resources.halfLoad)]),
  );

  const targets: TargetCheck[] = results.flatMap((r) => [
    { target: `${r.mode}: ≥ 1,000 updates/s stored`, measured: `${int(r.maxUpdatesPerSecond)}/s`, met: r.maxUpdatesPerSecond >= 1000 },
    { target: `${r.mode}: p99 < 100 ms at half load`, measured: `${ms(r.halfLoad.latency.p99)} ms at ${int(r.halfLoad.sentPerSecond)}/s`, met: r.halfLoad.latency.p99 < 100 },
    { target: `${r.mode}: nothing lost`, measured: `${r.lost} lost`, met: r.lost === 0 },
  ]);
  printTargets(targets);
  const result = { sizes: SIZES, inserts, modes: results, targets };
  writeResult('ingest', result);
  return result;
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
    await beforeLoad(stack.databaseUrl);
    const token = await http.login(ADMIN.email, ADMIN.password);
    const clients = Array.from({ length: SIZES.clients }, (_, i) => ({ id: 820_000_000 + i, first_name: `Client ${i}`, language_code: 'en' }));
    const sequence = new Map<number, number>();
    const send = (client: (typeof clients)[number], tag: string) => {
      const n = (sequence.get(client.id) ?? 0) + 1;
      sequence.set(client.id, n);
      telegram.clientSends(client, { text: `${tag} ${client.id} ${n}` });
      return n;
    };
    const stored = () => db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket.messages WHERE direction = 'inbound'`).then((r) => r.rows[0].n);
    const received = () => db.query<{ n: number }>('SELECT count(*)::int AS n FROM bot.inbound_updates').then((r) => r.rows[0].n);

    // Warm-up: every client writes once, which opens its ticket.
    for (const client of clients) send(client, 'hello');
    await waitForCount(stored, clients.length, 60_000, 'warm-up messages stored');

    // Full speed: a backlog of `burst` updates at once; how fast does it become stored messages?
    let monitor = new ResourceMonitor(stack.processes);
    const before = await stored();
    const burstStarted = Date.now();
    for (let i = 0; i < SIZES.burst; i += 1) send(clients[i % clients.length], 'burst');
    const intakeDone = waitForCount(received, clients.length + SIZES.burst, 600_000, 'burst received by the bot');
    await waitForCount(stored, before + SIZES.burst, 600_000, 'burst stored');
    const burstSeconds = (Date.now() - burstStarted) / 1000;
    const intakeSeconds = ((await intakeDone) - burstStarted) / 1000;
    const burstResources = monitor.stop();
    stack.assertAlive();
    const maxUpdatesPerSecond = SIZES.burst / burstSeconds;
    log(`  burst of ${int(SIZES.burst)}: stored in ${burstSeconds.toFixed(1)} s (${int(maxUpdatesPerSecond)}/s); bot took them in ${intakeSeconds.toFixed(1)} s`);

    // Half the max rate, open loop: latency from update to visible in GET /tickets.
    const targetPerSecond = maxUpdatesPerSecond / 2;
    monitor = new ResourceMonitor(stack.processes);
    const probe = new LatencyProbe(http, token, clients.length);
    probe.start();
    const sendStarted = performance.now();
    let sent = 0;
    let next = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - sendStarted;
        if (elapsed >= SIZES.halfLoadMs) {
          clearInterval(timer);
          resolve();
          return;
        }
        for (const due = Math.floor((elapsed / 1000) * targetPerSecond); sent < due; sent += 1) {
          const client = clients[next++ % clients.length];
          const n = send(client, 'lat');
          probe.sent(client.id, n, performance.now());
        }
      }, 5);
    });
    const sentPerSecond = sent / ((performance.now() - sendStarted) / 1000);
    await waitForCount(stored, before + SIZES.burst + sent, 120_000, 'half-load messages stored').catch((error: unknown) =>
      log(`  !! ${(error as Error).message}`),
    );
    const seen = await probe.stop(5000);
    const halfResources = monitor.stop();
    stack.assertAlive();

    const expected = clients.length + SIZES.burst + sent;
    const lost = expected - (await stored());
    return {
      mode,
      maxUpdatesPerSecond,
      intakePerSecond: SIZES.burst / intakeSeconds,
      burst: SIZES.burst,
      burstSeconds,
      halfLoad: {
        targetPerSecond,
        sentPerSecond,
        sent,
        unseen: sent - seen.latencies.length,
        latency: summarize(seen.latencies),
        pollMs: seen.pollMs,
        breakdown: await latencyBreakdown(db, probe.timeline),
      },
      lost,
      resources: { burst: burstResources, halfLoad: halfResources },
      idleBusyPercent: stack.idleBusyPercent,
    };
  } finally {
    await http.close();
    await db.end().catch(() => undefined);
    await stack.stop();
    await telegram.stop();
  }
}

runIfMain(module, runIngest);
