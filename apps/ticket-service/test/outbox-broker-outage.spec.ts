import { Events, TicketRpc } from '@app/contracts';
import { TcpProxy, TestEnvironment, eventually } from '@app/testing';
import { TicketsService } from '../src/tickets/tickets.service';
import { TicketServiceHarness, clientMessage, telegramUser } from './ticket-service.harness';

describe('ticket-service outbox: RabbitMQ down at commit time', () => {
  let env: TestEnvironment;
  let proxy: TcpProxy;
  let service: TicketServiceHarness;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    // Only this service's way to RabbitMQ goes through the proxy; the real broker stays up for everyone.
    proxy = await new TcpProxy('127.0.0.1', 5672).start();
    service = await TicketServiceHarness.start(env, { rabbitUrl: proxy.wrap(env.rabbitUrl) });
  });

  afterAll(async () => {
    proxy?.restore();
    await service?.close();
    await proxy?.stop();
    await env?.dispose();
  });

  it('keeps the event in the outbox while the broker is unreachable and publishes it once it is back', async () => {
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(telegramUser(1), 1));
    await service.events.waitFor(Events.TicketCreated, { ticketId });
    await eventually(async () => (await service.db.query('SELECT 1 FROM ticket.outbox')).length === 0, {
      message: 'outbox relayed',
    });

    proxy.cut();
    // RPC cannot reach the service now, so the change is made the way its RPC handler makes it.
    const ticket = await service.app.get(TicketsService).changeStatus({ ticketId, status: 'closed', employeeId: 5 });
    expect(ticket.status).toBe('closed');

    // The relay tries, fails, and keeps the rows: the bot's notice in the timeline, the status change, and the
    // ticket's new view (the first and last for consoles).
    const waiting = await eventually(
      async () => {
        const rows: { event_name: string; attempts: number }[] = await service.db.query(
          'SELECT event_name, attempts FROM ticket.outbox ORDER BY id',
        );
        return rows.length === 3 && rows.every((row) => row.attempts > 0) && rows;
      },
      { timeoutMs: 20_000, message: 'a failed publish attempt recorded on the waiting outbox rows' },
    );
    expect(waiting).toEqual([
      { event_name: Events.MessageCreated, attempts: expect.any(Number) },
      { event_name: Events.TicketStatusChanged, attempts: expect.any(Number) },
      { event_name: Events.TicketUpdated, attempts: expect.any(Number) },
    ]);
    expect(service.events.of(Events.TicketStatusChanged, ticketId)).toEqual([]);

    proxy.restore();
    const statusChanges = () => service.events.of(Events.TicketStatusChanged, ticketId);
    const [published] = await eventually(() => statusChanges().length > 0 && statusChanges(), {
      timeoutMs: 30_000,
      message: 'the status change published after RabbitMQ came back',
    });
    expect(published).toMatchObject({ ticketId, from: 'open', to: 'closed', changedBy: 5 });
    await eventually(async () => (await service.db.query('SELECT 1 FROM ticket.outbox')).length === 0, {
      message: 'outbox emptied',
    });
    // and the service answers RPC again
    expect(await service.rpc.call(TicketRpc.GetTicket, { ticketId })).toMatchObject({ status: 'closed' });
  });
});
