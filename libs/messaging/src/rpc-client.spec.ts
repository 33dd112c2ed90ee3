import { ClientRMQ, RmqRecord } from '@nestjs/microservices';
import { ErrorCode, ServiceName, TicketRpc, TicketRpcMap } from '@app/contracts';
import { JSON_BYTES_HEADER, JsonBytes } from './binary-reply';
import { RpcClient } from './rpc-client';

/** ClientRMQ's `publish`, protected: what a request goes out through. */
interface ProtectedPublish {
  publish(
    packet: { pattern: string; data: RmqRecord },
    callback: (packet: { err?: unknown; response?: unknown; isDisposed?: boolean }) => void,
  ): () => void;
}

describe('RpcClient', () => {
  const sent: { pattern: string; record: RmqRecord }[] = [];
  let answer: unknown = {};
  let rpc: RpcClient<TicketRpcMap>;

  beforeEach(() => {
    sent.length = 0;
    answer = {};
    // the broker's side: connected, and every request answered at once with `answer`
    jest.spyOn(ClientRMQ.prototype, 'connect').mockResolvedValue(undefined);
    jest.spyOn(ClientRMQ.prototype as unknown as ProtectedPublish, 'publish').mockImplementation((packet, callback) => {
      sent.push({ pattern: packet.pattern, record: packet.data });
      queueMicrotask(() => callback({ response: answer, isDisposed: true }));
      return () => undefined;
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

  it('gives up at the deadline with UPSTREAM_TIMEOUT and stops listening for the reply', async () => {
    const stoppedListening = jest.fn();
    jest
      .spyOn(ClientRMQ.prototype as unknown as ProtectedPublish, 'publish')
      .mockImplementation(() => stoppedListening);

    await expect(rpc.call(TicketRpc.Ping, {}, 20)).rejects.toMatchObject({ code: ErrorCode.UpstreamTimeout });
    expect(stoppedListening).toHaveBeenCalledTimes(1);
  });

  it('passes a remote error on with its code, and a failure to publish as SERVICE_UNAVAILABLE', async () => {
    const failWith = (packet: { err?: unknown; response?: unknown; isDisposed?: boolean }) =>
      jest
        .spyOn(ClientRMQ.prototype as unknown as ProtectedPublish, 'publish')
        .mockImplementation((_packet, callback) => {
          callback(packet);
          return () => undefined;
        });

    failWith({ err: { code: ErrorCode.TicketClosed, message: 'Ticket #1 is closed' }, isDisposed: true });
    await expect(rpc.call(TicketRpc.Reply, { ticketId: 1, employeeId: 1, text: 'hi' })).rejects.toMatchObject({
      code: ErrorCode.TicketClosed,
      message: 'Ticket #1 is closed',
    });
    failWith({ err: new Error('channel closed') });
    await expect(rpc.call(TicketRpc.Ping, {})).rejects.toMatchObject({ code: ErrorCode.ServiceUnavailable });
  });
});
