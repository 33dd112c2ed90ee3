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
import { Client } from 'pg';
import { PhaseResources, RESOURCE_HEADER, ResourceMonitor, cpuCost, cpuSeconds, resourceRows } from './lib/resources';

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
    const alone = new ResourceMonitor(stack.processes);
    for (let i = 0; i < SIZES.sequential; i += 1) {
      const begin = process.hrtime.bigint();
      await ping();
      sequential.push(Number(process.hrtime.bigint() - begin) / 1e6);
    }
    const latency = summarize(sequential);
    const aloneResources = alone.stop();
    stack.assertAlive();
    const rpcHop = hopCost(aloneResources, SIZES.sequential);
    const sqlHop = await postgresRoundTrip(stack.databaseUrl, SIZES.sequential);

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
      'What one hop costs at an ordinary rate, one at a time — CPU ms per round trip',
      ['hop', 'caller', 'server', 'broker', 'total'],
      [
        [
          'RPC (Ping): caller, ticket-service, RabbitMQ',
          ms(rpcHop.caller),
          ms(rpcHop.server),
          ms(rpcHop.broker),
          ms(rpcHop.total),
        ],
        [
          'SQL (prepared one-row select): node-pg, its backend',
          ms(sqlHop.client),
          ms(sqlHop.backend),
          '',
          ms(sqlHop.total),
        ],
      ],
    );
    log(
      '  a lone client message makes about 11 SQL round trips, an RPC and two events: bench/README.md, "The floor of this shape"',
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
      hops: { rpc: rpcHop, sql: sqlHop },
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

/** CPU per call of a phase that made `calls` calls one at a time, split by who spent it. */
function hopCost(resources: PhaseResources, calls: number) {
  const perCall = (percent: number) => ((percent / 100) * resources.seconds * 1000) / calls;
  const caller = perCall(resources.benchCpuPercent);
  const server = perCall(Object.values(resources.services).reduce((sum, service) => sum + service.cpuPercent, 0));
  const broker = perCall(resources.serversCpuPercent.rabbitmq ?? 0);
  return { caller, server, broker, total: caller + server + broker };
}

/** One Postgres round trip at a time on one connection, as every statement of the services is: CPU per trip. */
async function postgresRoundTrip(databaseUrl: string, trips: number) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const select = { name: 'bench-round-trip', text: 'SELECT $1::int AS n', values: [1] };
    for (let i = 0; i < 200; i += 1) await client.query(select);
    const backendBefore = cpuSeconds(backend);
    const clientBefore = process.cpuUsage();
    for (let i = 0; i < trips; i += 1) await client.query(select);
    const used = process.cpuUsage(clientBefore);
    const clientMs = (used.user + used.system) / 1000 / trips;
    const backendMs = ((cpuSeconds(backend) - backendBefore) * 1000) / trips;
    return { client: clientMs, backend: backendMs, total: clientMs + backendMs };
  } finally {
    await client.end();
  }
}

runIfMain(module, runRpc);
