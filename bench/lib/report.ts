import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/stack/stack';
import { machineCalibration } from './machine';

/** BENCH_QUICK=1: every scenario at small sizes, so the whole suite runs in a few minutes. */
export const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';

export const RESULTS_DIR = join(ROOT, 'bench', 'results');

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of raw latencies in milliseconds, rounded to 0.01 ms. */
export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (p: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const round = (value: number) => Math.round(value * 100) / 100;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1);
  return {
    count: sorted.length,
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
    mean: round(mean),
  };
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');
export const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
export const elapsedMs = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

/** Prints rows as an aligned text table (numbers right-aligned). */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((row) => /^[-\d.,%×–<>≥ ]*$/.test(String(row[i] ?? ''))));
  const line = (row: string[]) =>
    row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  log('');
  log(`\x1b[1m${title}\x1b[0m`);
  log(line(header));
  log(widths.map((width) => '─'.repeat(width)).join('  '));
  for (const row of cells.slice(1)) log(line(row));
}

export function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export function printTargets(checks: TargetCheck[]): void {
  printTable(
    'Targets',
    ['target', 'measured', 'result'],
    checks.map((check) => [check.target, check.measured, check.met ? 'met' : 'MISSED']),
  );
}

/** Writes `bench/results/<scenario>-<timestamp>.json` and returns its path. */
export function writeResult(scenario: string, result: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(RESULTS_DIR, `${scenario}-${stamp}.json`);
  writeFileSync(
    path,
    `${JSON.stringify({ scenario, quick: QUICK, at: new Date().toISOString(), machine: machineCalibration(), ...result }, null, 2)}\n`,
  );
  log(`\nResults written to ${path}`);
  return path;
}
