import { Logger } from '@nestjs/common';
import { ServiceName, TicketRpc, TicketRpcMap } from '@app/contracts';
import { RpcClient, messagingOptionsFromEnv, rpcQueue } from '@app/messaging';
import { TestEnvironment, eventually, freePort } from '@app/testing';
import { ServiceProcess } from '../../../scripts/stack/service-process';
import { ROOT, serviceSpecs } from '../../../scripts/stack/stack';
import { clientMessage, telegramUser } from './ticket-service.harness';

/**
 * ticket-service as deployed (its own process, from dist/: `npm test` builds first), answering RPC under load
 * while RabbitMQ closes the vhost's connections. A reply lost with its connection must become the caller's
 * timeout, never an unhandled rejection that ends the process.
 */
describe('ticket-service: RabbitMQ closes its connections under RPC load', () => {
  let env: TestEnvironment;
  let service: ServiceProcess;
  let rpc: RpcClient<TicketRpcMap>;
  const exits: (number | null)[] = [];
  const output: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false); // the caller's timeouts during the faults are expected, not news
    env = await TestEnvironment.create();
    const port = await freePort();
    const serviceEnv = {
      PATH: process.env.PATH,
      ENV_FILE: '/nonexistent/.env',
      ...env.env(),
      TICKET_SERVICE_PORT: String(port),
    };
    const spec = serviceSpecs(serviceEnv).find((candidate) => candidate.name === 'ticket-service')!;
    service = new ServiceProcess(spec, ROOT, (line) => output.push(line));
    service.start(serviceEnv, (code) => exits.push(code));
    await service.waitUntilReady(60_000);
    const options = messagingOptionsFromEnv(ServiceName.ApiGateway, {
      RABBITMQ_URL: env.rabbitUrl,
      RABBITMQ_PREFETCH: 20,
      RABBITMQ_DELIVERY_LIMIT: 5,
      RPC_TIMEOUT_MS: 2000,
    });
    rpc = new RpcClient<TicketRpcMap>(options, rpcQueue(ServiceName.TicketService));
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await service?.stop();
    await env?.dispose();
  });

  it('stays up and answers again after three forced closes in the middle of answering', async () => {
    let answered = 0;
    let loading = true;
    const worker = async (n: number) => {
      for (let i = 0; loading; i += 1) {
        const user = telegramUser(n * 10_000 + (i % 50));
        try {
          await rpc.call(TicketRpc.RecordInbound, clientMessage(user, i + 1));
          await rpc.call(TicketRpc.ListTickets, { limit: 5 });
          answered += 2;
        } catch {
          // A call in flight at a close times out or finds the connection gone, as callers are told to
          // expect; this caller then waits for an answer again rather than spinning.
          await eventually(async () => !loading || (await rpc.call(TicketRpc.Ping, {})).ok, {
            timeoutMs: 30_000,
            intervalMs: 100,
          }).catch(() => undefined);
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, n) => worker(n)));
    try {
      for (let fault = 0; fault < 3; fault += 1) {
        const before = answered;
        await eventually(() => answered >= before + 40, {
          timeoutMs: 30_000,
          message: `RPC answers flowing before close #${fault + 1}`,
        });
        await env.closeRabbitConnections();
      }
      const afterFaults = answered;
      await eventually(() => answered >= afterFaults + 40, {
        timeoutMs: 30_000,
        message: `RPC answers flowing after the last close (ticket-service exited: ${exits.length > 0})`,
      });
    } finally {
      loading = false;
      await load;
    }

    expect(exits).toEqual([]);
    expect(output.filter((line) => /unhandled|uncaught/i.test(line))).toEqual([]);
    expect(await rpc.call(TicketRpc.Ping, {})).toEqual({ ok: true });
    expect(answered).toBeGreaterThan(160);
  }, 120_000);
});
