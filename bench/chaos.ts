import { ensureFreshBuild, runIfMain } from './lib/bench-stack';
import { ChaosReport, EVERY_FAULT, runChaos } from './lib/chaos-run';
import { QUICK, log, printTable } from './lib/report';

/**
 * `npm run chaos`: the fault run of issue 13 on a stack of its own. Full size: 40 clients × 50 messages and
 * 480 replies, each fault twice; BENCH_QUICK=1: 10 × 10 and 60, each fault once. Exits 1 on any message or
 * reply lost, doubled or out of order, any crash, any gateway 500, any update set aside.
 */
export async function main(): Promise<ChaosReport> {
  await ensureFreshBuild();
  const size = QUICK
    ? { clients: 10, messagesPerClient: 10, replies: 60, faults: EVERY_FAULT, faultSpacingMs: 4000 }
    : {
        clients: 40,
        messagesPerClient: 50,
        replies: 480,
        faults: [...EVERY_FAULT, ...EVERY_FAULT],
        faultSpacingMs: 6000,
      };
  log(
    `Chaos run: ${size.clients} clients × ${size.messagesPerClient} messages, ${size.replies} replies, ${size.faults.length} faults`,
  );
  const report = await runChaos({ ...size, drainTimeoutMs: 180_000, log });
  printReport(report);
  if (!report.ok)
    throw new Error('the fault run found messages lost, doubled or out of order, a crash or a gateway error (above)');
  return report;
}

export function printReport(report: ChaosReport): void {
  printTable(
    'Faults injected under load',
    ['at (s)', 'fault', 'back in (ms)'],
    report.faults.map((f) => [(f.atMs / 1000).toFixed(1), f.kind, f.recoveredInMs]),
  );
  const row = (name: string, t: ChaosReport['clientMessages']) => [
    name,
    t.expected,
    t.arrived,
    t.lost,
    t.doubled,
    t.outOfOrder,
  ];
  printTable(
    'Exactly once, in order',
    ['what', 'sent', 'arrived', 'lost', 'doubled', 'out of order'],
    [row('client messages (stored)', report.clientMessages), row('replies (delivered to Telegram)', report.replies)],
  );
  const w = report.duplicateWindowMs;
  log(`\nclients with two active tickets: ${report.extraActiveTickets}; updates set aside: ${report.setAside}`);
  log(
    `the one window (Telegram accepted a reply → the bot recorded it), over ${w.count} replies: p50 ${w.p50} ms, p99 ${w.p99} ms, max ${w.max} ms`,
  );
  for (const crash of report.crashes) log(`\ncrash: ${crash}`);
  for (const error of report.gatewayErrors.slice(0, 10)) log(`gateway error: ${error}`);
  log(report.ok ? '\nNothing lost, doubled or out of order.' : '\nFAILED');
}

runIfMain(module, main);
