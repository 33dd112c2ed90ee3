// Preloaded into a service (NODE_OPTIONS=--require …/gc-trace.cjs; Node refuses --trace-gc there): prints each
// garbage collection of 2 ms or more, with its kind, and each event-loop stall of 50 ms or more to stderr, for
// BENCH_SERVICE_LOG to time-stamp. Where a latency's tail comes from: the process, or what it waits for.
const { PerformanceObserver, constants } = require('node:perf_hooks');

const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
const MIN_MS = Number(process.env.BENCH_GC_MIN_MS ?? 2);

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.duration < MIN_MS) continue;
    process.stderr.write(`gc ${KINDS[entry.detail?.kind] ?? entry.detail?.kind} ${entry.duration.toFixed(1)} ms\n`);
  }
}).observe({ entryTypes: ['gc'] });

// The event loop's stalls: a 10 ms timer that fires 50 ms or more late says what ran (or what stopped the process).
const STALL_MS = Number(process.env.BENCH_STALL_MIN_MS ?? 50);
let expected = performance.now() + 10;
setInterval(() => {
  const late = performance.now() - expected;
  if (late >= STALL_MS) process.stderr.write(`event loop stalled ${late.toFixed(0)} ms\n`);
  expected = performance.now() + 10;
}, 10).unref();
