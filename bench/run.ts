/**
 * `npm run bench`: every scenario in turn (RPC, list at scale, outbound, ingest, instrumentation cost, reports), each with its own
 * database and vhost, then one table of every target. `BENCH_QUICK=1` runs them all at small sizes.
 */
import { runIfMain } from './lib/bench-stack';
import { QUICK, TargetCheck, log, printTable, writeResult } from './lib/report';
import { runIngest } from './ingest';
import { runInstrumentation } from './instrumentation';
import { runList } from './list';
import { runOutbound } from './outbound';
import { runRpc } from './rpc';
import { runReports } from './reports';

const SCENARIOS: [string, () => Promise<Record<string, unknown>>][] = [
  ['rpc', runRpc],
  ['list', runList],
  ['outbound', runOutbound],
  ['ingest', runIngest],
  ['instrumentation', runInstrumentation],
  ['reports', runReports],
];

async function main(): Promise<void> {
  const started = Date.now();
  const summary: { scenario: string; seconds: number; targets: TargetCheck[] }[] = [];
  for (const [name, run] of SCENARIOS) {
    const begin = Date.now();
    const result = await run();
    summary.push({
      scenario: name,
      seconds: (Date.now() - begin) / 1000,
      targets: (result.targets as TargetCheck[]) ?? [],
    });
  }
  printTable(
    `All scenarios${QUICK ? ' (quick sizes: figures are indicative only)' : ''}`,
    ['scenario', 'target', 'measured', 'result'],
    summary.flatMap(({ scenario, targets }) =>
      targets.map((t) => [scenario, t.target, t.measured, t.met ? 'met' : 'MISSED']),
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  log(
    `\nTotal ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s (${summary.map((s) => `${s.scenario} ${Math.round(s.seconds)} s`).join(', ')})`,
  );
  writeResult('all', { seconds, summary });
}

runIfMain(module, main);
