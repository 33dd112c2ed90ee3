import { randomUUID } from 'node:crypto';
import { TicketRpc } from '@app/contracts';
import { ProcessedEventsRetention } from '@app/database';
import { eventually } from '@app/testing';
import { TicketServiceHarness, clientMessage, telegramUser } from './ticket-service.harness';

describe('ticket-service: what it keeps of delivery reports', () => {
  let service: TicketServiceHarness;

  beforeAll(async () => {
    service = await TicketServiceHarness.startFresh();
  });

  afterAll(() => service?.close());

  const newReply = async (telegramId: number) => {
    const user = telegramUser(0, { telegramId, chatId: telegramId });
    const inbound = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1, { text: 'Hello' }));
    return service.rpc.call(TicketRpc.Reply, { ticketId: inbound.ticketId, employeeId: 1, text: 'Hi there' });
  };

  const processed = async (eventId: string) =>
    (await service.db.query('SELECT 1 FROM ticket.processed_events WHERE event_id = $1', [eventId])).length === 1;

  it('never stores a bot token in the delivery error agents read, whatever the report says', async () => {
    const reply = await newReply(8_100_000_001);
    const reason =
      'FetchError: invalid json response body at https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage';

    await service.reportDelivery({
      eventId: randomUUID(),
      ticketId: reply.ticketId,
      messageId: reply.id,
      status: 'failed',
      reason,
      clientUnreachable: false,
    });

    const failed = await eventually(async () => {
      const page = await service.rpc.call(TicketRpc.ListMessages, { ticketId: reply.ticketId });
      return page.items.find((message) => message.id === reply.id && message.deliveryStatus === 'failed');
    });
    expect(failed.deliveryError).toBe(
      'FetchError: invalid json response body at https://api.telegram.org/bot<redacted-bot-token>/sendMessage',
    );
  });

  it('forgets handled event ids after PROCESSED_EVENTS_RETENTION_DAYS, keeping the recent ones', async () => {
    const reply = await newReply(8_100_000_002);
    const [old, recent] = [randomUUID(), randomUUID()];
    for (const eventId of [old, recent]) {
      await service.reportDelivery({
        eventId,
        ticketId: reply.ticketId,
        messageId: reply.id,
        status: 'delivered',
        reason: null,
        clientUnreachable: false,
      });
    }
    await eventually(async () => (await processed(old)) && (await processed(recent)));
    await service.db.query(
      `UPDATE ticket.processed_events SET processed_at = now() - interval '8 days' WHERE event_id = $1`,
      [old],
    );

    const deleted = await service.app.get(ProcessedEventsRetention).prune();

    expect(deleted).toBe(1);
    expect(await processed(old)).toBe(false);
    expect(await processed(recent)).toBe(true);
  });
});
