/**
 * RPC: the round trip through RabbitMQ between a caller and ticket-service, with `TicketRpc.Ping` sent by
 * an RpcClient configured exactly as the gateway's (manual acks on the server, queries sent transient as the gateway sends them,
 * direct reply-to, Nagle off). Sequential latency first, then throughput at several calls in flight.
 */
import { Logger } from '@nestjs/common';
import { ServiceName, TicketRpc, TicketRpcMap } from '@app/contracts';
import { RpcClient, rpcQueue } from '@app/messaging';
import { BenchStack, runIfMain } from './lib/bench-stack';
import { LoadResult, closedLoop } from './lib/load';
import { QUICK, TargetCheck, log, ms, int, printTable, printTargets, summarize, writeResult } from './lib/report';
import { PhaseResources, RESOURCE_HEADER, ResourceMonitor, cpuCost, resourceRows } from './lib/resources';

const SIZES = QUICK
  ? { warmup: 200, sequential: 1000, concurrency: [8, 32], durationMs: 2000 }
  : { warmup: 500, sequential: 5000, concurrency: [4, 16, 32, 64], durationMs: 5000 };

// The client's "connected to RMQ" notice would only clutter the table.
Logger.overrideLogger(['error', 'warn']);

export async function runRpc(): Promise<Record<string, unknown>> {
  log(`\n=== RPC round trip (TicketRpc.Ping) ${QUICK ? '[quick]' : ''}`);
  const stack = await BenchStack.start({ scenario: 'rpc', services: ['ticket-service'] });
  const rpc = new RpcClient<TicketRpcMap>(
    {
      service: ServiceName.ApiGateway,
      url: stack.environment.rabbitUrl,
      prefetch: 20,
      deliveryLimit: 5,
      rpcTimeoutMs: 5000,
      publishTimeoutMs: 5000,
    },
    rpcQueue(ServiceName.TicketService),
  );
  const ping = () => rpc.call(TicketRpc.Ping, {}).then(() => undefined);
  try {
    for (let i = 0; i < SIZES.warmup; i += 1) await ping();

    const sequential: number[] = [];
    for (let i = 0; i < SIZES.sequential; i += 1) {
      const begin = process.hrtime.bigint();
      await ping();
      sequential.push(Number(process.hrtime.bigint() - begin) / 1e6);
    }
    const latency = summarize(sequential);
    stack.assertAlive();

    const concurrent: { inFlight: number; load: LoadResult; resources: PhaseResources }[] = [];
    for (const inFlight of SIZES.concurrency) {
      const monitor = new ResourceMonitor(stack.processes);
      const load = await closedLoop({ concurrency: inFlight, durationMs: SIZES.durationMs, task: ping });
      concurrent.push({ inFlight, load, resources: monitor.stop() });
      stack.assertAlive();
    }

    printTable(
      'RPC latency, one call at a time',
      ['calls', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'calls/s'],
      [[latency.count, ms(latency.p50), ms(latency.p95), ms(latency.p99), ms(latency.max), int(1000 / latency.mean)]],
    );
    printTable(
      'RPC throughput, calls in flight',
      ['in flight', 'calls', 'errors', 'calls/s', 'p50 ms', 'p99 ms', 'CPU ms/call', 'machine busy'],
      concurrent.map(({ inFlight, load, resources }) => [
        inFlight,
        load.requests,
        load.errors,
        int(load.perSecond),
        ms(load.latency.p50),
        ms(load.latency.p99),
        ms(cpuCost(resources, load.requests).msPerOperation),
        `${resources.machineBusyPercent.toFixed(0)}%`,
      ]),
    );
    printTable(
      'Resources under load',
      RESOURCE_HEADER,
      concurrent.flatMap((c) => resourceRows(`${c.inFlight} in flight`, c.resources)),
    );
    const best = Math.max(...concurrent.map((c) => c.load.perSecond));
    const targets: TargetCheck[] = [
      { target: 'RPC p50 < 2 ms', measured: `${ms(latency.p50)} ms`, met: latency.p50 < 2 },
    ];
    printTargets(targets);

    const result = {
      sequential: latency,
      concurrent,
      bestCallsPerSecond: best,
      idleBusyPercent: stack.idleBusyPercent,
      targets,
    };
    writeResult('rpc', result);
    return result;
  } finally {
    await rpc.onApplicationShutdown();
    await stack.stop();
  }
}

runIfMain(module, runRpc);
