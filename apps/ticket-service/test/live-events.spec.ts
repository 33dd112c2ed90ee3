import { randomUUID } from 'node:crypto';
import { Events, LiveEventPayloads, LiveEvents, TicketRpc } from '@app/contracts';
import { EventTap, eventually } from '@app/testing';
import { TicketServiceHarness, clientMessage, telegramUser } from './ticket-service.harness';

type LiveName = keyof LiveEventPayloads;

describe('ticket-service: live events for consoles', () => {
  let service: TicketServiceHarness;
  /** what a gateway's live feed receives */
  let live: EventTap;
  let nextUser = 700;
  const ALICE = 21;

  beforeAll(async () => {
    service = await TicketServiceHarness.startFresh();
    live = await EventTap.subscribe(service.env.rabbitUrl, Object.values(LiveEvents));
  });

  afterAll(async () => {
    await live?.close();
    await service?.close();
  });

  const waitFor = <E extends LiveName>(pattern: E, ticketId: number, count = 1) =>
    eventually(() => live.of(pattern, ticketId).length >= count && live.of(pattern, ticketId), {
      message: `${count} × ${pattern} for #${ticketId}`,
    });

  it('tells consoles of a client’s messages, in order, and of the ticket they changed', async () => {
    const user = telegramUser(nextUser++);
    const first = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1, { text: 'hello' }));
    await service.rpc.call(TicketRpc.RecordInboundBatch, {
      items: [
        { route: 'record', message: clientMessage(user, 2, { text: 'second' }) },
        { route: 'record', message: clientMessage(user, 3, { text: 'third' }) },
      ],
    });

    // the three messages and the bot's notice of the new ticket (a system message), which is not under test here
    const messages = (await waitFor(Events.MessageCreated, first.ticketId, 4)).filter(
      (event) => event.message.kind !== 'system',
    );
    expect(messages.map((event) => [event.message.direction, event.message.text])).toEqual([
      ['inbound', 'hello'],
      ['inbound', 'second'],
      ['inbound', 'third'],
    ]);
    const updates = await waitFor(Events.TicketUpdated, first.ticketId, 2);
    expect(updates.at(-1)!.ticket).toMatchObject({ id: first.ticketId, status: 'open', lastMessagePreview: 'third' });
    expect(updates[0].ticket.client).toMatchObject({ telegramId: user.telegramId, firstName: user.firstName });
  });

  it('tells consoles of a redelivered message only once', async () => {
    const user = telegramUser(nextUser++);
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1));
    await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1));
    await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 2));
    await waitFor(Events.MessageCreated, ticketId, 3);
    const clientMessages = live.of(Events.MessageCreated, ticketId).filter((event) => event.message.kind !== 'system');
    expect(clientMessages.map((event) => event.message.text)).toEqual(['message 1', 'message 2']);
  });

  it('tells consoles of a status change and an assignment, with the ticket after the change', async () => {
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(telegramUser(nextUser++), 1));
    await service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'in_progress', employeeId: ALICE });
    await service.rpc.call(TicketRpc.Assign, { ticketId, assigneeId: 99, employeeId: ALICE });
    await service.rpc.call(TicketRpc.Assign, { ticketId, assigneeId: 99, employeeId: ALICE }); // no change, no event

    const updates = await waitFor(Events.TicketUpdated, ticketId, 3);
    expect(updates.map(({ ticket }) => [ticket.status, ticket.assigneeId])).toEqual([
      ['open', null],
      ['in_progress', ALICE],
      ['in_progress', 99],
    ]);
    await service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'closed', employeeId: ALICE });
    const closed = (await waitFor(Events.TicketUpdated, ticketId, 4))[3].ticket;
    expect(closed).toMatchObject({ status: 'closed' });
    expect(closed.closedAt).not.toBeNull();
    expect(live.of(Events.TicketUpdated, ticketId)).toHaveLength(4);
  });

  it('tells consoles of a reply, then of its delivery result', async () => {
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(telegramUser(nextUser++), 1));
    const reply = await service.rpc.call(TicketRpc.Reply, { ticketId, employeeId: ALICE, text: 'On it' });

    // the client's message, the bot's notice of the new ticket (system), then the reply
    const created = (await waitFor(Events.MessageCreated, ticketId, 3)).find(
      (event) => event.message.id === reply.id,
    )?.message;
    expect(created).toMatchObject({
      id: reply.id,
      direction: 'outbound',
      employeeId: ALICE,
      text: 'On it',
      deliveryStatus: 'pending',
    });
    expect((await waitFor(Events.TicketUpdated, ticketId, 2))[1].ticket.lastMessagePreview).toBe('On it');

    const report = {
      ticketId,
      messageId: reply.id,
      status: 'failed' as const,
      reason: 'blocked by the user',
      clientUnreachable: true,
    };
    await service.reportDelivery({ eventId: randomUUID(), ...report });
    const [delivery] = await waitFor(Events.MessageDeliveryUpdated, ticketId);
    expect(delivery).toMatchObject({
      messageId: reply.id,
      deliveryStatus: 'failed',
      deliveryError: 'blocked by the user',
    });
  });

  it('tells consoles the words of a bot notice once its delivery report brings them', async () => {
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(telegramUser(nextUser++), 1));
    const notice = (await waitFor(Events.MessageCreated, ticketId, 2)).find(
      (event) => event.message.kind === 'system',
    )?.message;
    expect(notice).toMatchObject({ kind: 'system', deliveryStatus: 'pending' });

    const words = 'Your request #1 is open';
    await service.reportDelivery({
      eventId: randomUUID(),
      ticketId,
      messageId: notice!.id,
      status: 'delivered',
      reason: null,
      clientUnreachable: false,
      text: words,
    });
    const shown = await eventually(() =>
      live
        .of(Events.MessageCreated, ticketId)
        .find((event) => event.message.id === notice!.id && event.message.text === words),
    );
    expect(shown.message).toMatchObject({ kind: 'system', deliveryStatus: 'delivered', text: words });
  });

  it('says nothing of a delivery report that changes nothing (a repeat, or "failed" after "delivered")', async () => {
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(telegramUser(nextUser++), 1));
    const reply = await service.rpc.call(TicketRpc.Reply, { ticketId, employeeId: ALICE, text: 'Done' });
    const delivered = {
      eventId: randomUUID(),
      ticketId,
      messageId: reply.id,
      status: 'delivered' as const,
      reason: null,
      clientUnreachable: false,
    };
    await service.reportDelivery(delivered);
    await service.reportDelivery(delivered);
    await service.reportDelivery({ ...delivered, eventId: randomUUID(), status: 'failed', reason: 'late' });
    await waitFor(Events.MessageDeliveryUpdated, ticketId);
    // The three reports are handled in order; a later reply's event proves they all were.
    const next = await service.rpc.call(TicketRpc.Reply, { ticketId, employeeId: ALICE, text: 'Anything else?' });
    await service.reportDelivery({ ...delivered, eventId: randomUUID(), messageId: next.id });
    await eventually(() =>
      live.of(Events.MessageDeliveryUpdated, ticketId).some((event) => event.messageId === next.id),
    );
    expect(
      live.of(Events.MessageDeliveryUpdated, ticketId).map((event) => [event.messageId, event.deliveryStatus]),
    ).toEqual([
      [reply.id, 'delivered'],
      [next.id, 'delivered'],
    ]);
  });
});
