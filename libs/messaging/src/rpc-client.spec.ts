import { ClientRMQ, RmqRecord } from '@nestjs/microservices';
import { of } from 'rxjs';
import { ServiceName, TicketRpc, TicketRpcMap } from '@app/contracts';
import { JSON_BYTES_HEADER, JsonBytes } from './binary-reply';
import { RpcClient } from './rpc-client';

describe('RpcClient', () => {
  const sent: { pattern: string; record: RmqRecord }[] = [];
  let answer: unknown = {};
  let rpc: RpcClient<TicketRpcMap>;

  beforeEach(() => {
    sent.length = 0;
    answer = {};
    jest.spyOn(ClientRMQ.prototype, 'send').mockImplementation((pattern: unknown, record: unknown) => {
      sent.push({ pattern: pattern as string, record: record as RmqRecord });
      return of(answer);
    });
    rpc = new RpcClient<TicketRpcMap>(
      {
        service: ServiceName.ApiGateway,
        url: 'amqp://localhost',
        prefetch: 1,
        deliveryLimit: 1,
        rpcTimeoutMs: 1000,
        publishTimeoutMs: 1000,
      },
      'ticket-service.rpc',
    );
  });

  afterEach(() => jest.restoreAllMocks());

  const persistenceOf = (pattern: string) => sent.find((call) => call.pattern === pattern)?.record.options?.persistent;

  it('sends queries as transient messages and commands as persistent ones', async () => {
    await rpc.call(TicketRpc.ListTickets, {});
    await rpc.call(TicketRpc.GetTicket, { ticketId: 1 });
    await rpc.call(TicketRpc.ListMessages, { ticketId: 1 });
    await rpc.call(TicketRpc.Ping, {});
    await rpc.call(TicketRpc.Reply, { ticketId: 1, employeeId: 1, text: 'hi' });
    await rpc.call(TicketRpc.ChangeStatus, { ticketId: 1, employeeId: 1, status: 'closed' });
    await rpc.call(TicketRpc.Assign, { ticketId: 1, employeeId: 1, assigneeId: null });

    for (const query of [TicketRpc.ListTickets, TicketRpc.GetTicket, TicketRpc.ListMessages, TicketRpc.Ping]) {
      expect([query, persistenceOf(query)]).toEqual([query, false]);
    }
    for (const command of [TicketRpc.Reply, TicketRpc.ChangeStatus, TicketRpc.Assign]) {
      expect([command, persistenceOf(command)]).toEqual([command, true]);
    }
  });

  it('carries a correlation id and the deadline in the headers', async () => {
    const before = Date.now();
    await rpc.call(TicketRpc.Ping, {}, 500);

    const headers = sent[0].record.options?.headers as Record<string, string>;
    expect(headers['x-correlation-id']).toMatch(/^[\w-]+$/);
    expect(Number(headers['x-deadline'])).toBeGreaterThanOrEqual(before + 500);
  });

  it('asks for JSON bytes only when the caller hands the response on, and takes them as they come', async () => {
    const page = { items: [{ id: 1 }], nextCursor: null };
    answer = new JsonBytes(Buffer.from(JSON.stringify(page)));

    const json = await rpc.callForJson(TicketRpc.ListTickets, {});
    await rpc.call(TicketRpc.Ping, {});

    expect(json).toBe(answer);
    const asked = sent.map(({ record }) => (record.options?.headers as Record<string, string>)[JSON_BYTES_HEADER]);
    expect(asked).toEqual(['1', undefined]);
  });

  it('serialises the response itself when the server answered plain JSON (one from before JSON frames)', async () => {
    answer = { items: [{ id: 1, subject: 'счёт' }], nextCursor: null };

    const json = await rpc.callForJson(TicketRpc.ListTickets, {});

    expect(JSON.parse(json.bytes.toString('utf8'))).toEqual(answer);
  });
});
