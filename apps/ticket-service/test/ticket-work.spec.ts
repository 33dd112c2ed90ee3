import { randomUUID } from 'node:crypto';
import { ErrorCode, Events, ServiceName, TicketRpc, TicketStatus } from '@app/contracts';
import { eventQueue } from '@app/messaging';
import { eventually } from '@app/testing';
import { TicketServiceHarness, clientMessage, rejectionOf, telegramUser } from './ticket-service.harness';

describe('ticket-service: employees work tickets', () => {
  let service: TicketServiceHarness;
  let nextUser = 100;
  const ALICE = 11;
  const BOB = 12;

  beforeAll(async () => {
    service = await TicketServiceHarness.startFresh();
  });
  afterAll(() => service?.close());

  /** A fresh ticket from a fresh client, optionally moved along the given statuses. */
  async function ticketFrom(languageCode = 'en', ...path: TicketStatus[]) {
    const user = telegramUser(nextUser++, { languageCode });
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1));
    for (const status of path) await service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status, employeeId: ALICE });
    return { ticketId, user };
  }

  const statusEvents = (ticketId: number) => service.events.of(Events.TicketStatusChanged, ticketId);

  it('answers TICKET_NOT_FOUND for a ticket that does not exist, whatever is asked', async () => {
    const ticketId = 987654;
    for (const call of [
      () => service.rpc.call(TicketRpc.GetTicket, { ticketId }),
      () => service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'closed', employeeId: ALICE }),
      () => service.rpc.call(TicketRpc.Assign, { ticketId, assigneeId: ALICE, employeeId: ALICE }),
      () => service.rpc.call(TicketRpc.Reply, { ticketId, employeeId: ALICE, text: 'hi' }),
      () => service.rpc.call(TicketRpc.ListMessages, { ticketId }),
    ]) {
      expect(await rejectionOf(call())).toMatchObject({
        code: ErrorCode.TicketNotFound,
        message: `Ticket #${ticketId} not found`,
      });
    }
  });

  it('taking a ticket assigns it to the taker and tells the client, in the client language', async () => {
    const { ticketId, user } = await ticketFrom('ru');
    const before = await service.rpc.call(TicketRpc.GetTicket, { ticketId });

    const taken = await service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'in_progress', employeeId: BOB });

    expect(taken).toMatchObject({ id: ticketId, status: 'in_progress', assigneeId: BOB, closedAt: null });
    expect(Date.parse(taken.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    const [event] = await service.events.waitFor(Events.TicketStatusChanged, { ticketId });
    expect(event).toEqual({
      eventId: expect.any(String),
      occurredAt: expect.any(String),
      sequence: expect.any(Number),
      ticketId,
      from: 'open',
      to: 'in_progress',
      changedBy: BOB,
      chatId: user.chatId,
      languageCode: 'ru',
      noticeMessageId: expect.any(Number),
    });
  });

  it('walks every allowed transition, keeping the assignee, and stamps closedAt on close', async () => {
    const first = await ticketFrom();
    await service.rpc.call(TicketRpc.ChangeStatus, {
      ticketId: first.ticketId,
      status: 'in_progress',
      employeeId: ALICE,
    });
    const reopened = await service.rpc.call(TicketRpc.ChangeStatus, {
      ticketId: first.ticketId,
      status: 'open',
      employeeId: BOB,
    });
    expect(reopened).toMatchObject({ status: 'open', assigneeId: ALICE });
    const closed = await service.rpc.call(TicketRpc.ChangeStatus, {
      ticketId: first.ticketId,
      status: 'closed',
      employeeId: BOB,
    });
    expect(closed).toMatchObject({ status: 'closed', assigneeId: ALICE, closedAt: closed.updatedAt });

    const second = await ticketFrom('en', 'in_progress');
    expect(
      await service.rpc.call(TicketRpc.ChangeStatus, { ticketId: second.ticketId, status: 'closed', employeeId: BOB }),
    ).toMatchObject({
      status: 'closed',
    });

    const transitions = async (ticketId: number, count: number) =>
      (await service.events.waitFor(Events.TicketStatusChanged, { ticketId, count })).map(
        (event) => `${event.from}→${event.to}`,
      );
    expect(await transitions(first.ticketId, 3)).toEqual(['open→in_progress', 'in_progress→open', 'open→closed']);
    expect(await transitions(second.ticketId, 2)).toEqual(['open→in_progress', 'in_progress→closed']);
  });

  it('treats a change to the current status as a no-op: same ticket back, nothing sent', async () => {
    const { ticketId } = await ticketFrom('en', 'in_progress');
    const [taken] = await service.events.waitFor(Events.TicketStatusChanged, { ticketId });
    const before = await service.rpc.call(TicketRpc.GetTicket, { ticketId });

    const same = await service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'in_progress', employeeId: BOB });
    expect(same).toEqual(before);

    // A later, real change arrives alone: the no-op published nothing in between.
    await service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'open', employeeId: BOB });
    const events = await service.events.waitFor(Events.TicketStatusChanged, { ticketId, count: 2 });
    expect(events.map((event) => event.eventId)).toEqual([taken.eventId, expect.any(String)]);
    expect(events[1]).toMatchObject({ from: 'in_progress', to: 'open' });
  });

  it('keeps a closed ticket final: no status change, assignment or reply (TICKET_CLOSED); closing again is a no-op', async () => {
    const { ticketId } = await ticketFrom('en', 'closed');
    const closed = await service.rpc.call(TicketRpc.GetTicket, { ticketId });

    for (const call of [
      () => service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'open', employeeId: ALICE }),
      () => service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'in_progress', employeeId: ALICE }),
      () => service.rpc.call(TicketRpc.Assign, { ticketId, assigneeId: BOB, employeeId: ALICE }),
      () => service.rpc.call(TicketRpc.Reply, { ticketId, employeeId: ALICE, text: 'still there?' }),
    ]) {
      expect(await rejectionOf(call())).toMatchObject({
        code: ErrorCode.TicketClosed,
        message: `Ticket #${ticketId} is closed`,
      });
    }
    expect(await service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'closed', employeeId: ALICE })).toEqual(
      closed,
    );
    expect(await service.rpc.call(TicketRpc.GetTicket, { ticketId })).toEqual(closed);
    expect(
      (await service.rpc.call(TicketRpc.ListMessages, { ticketId })).items.filter(
        (message) => message.kind !== 'system',
      ),
    ).toHaveLength(1);
  });

  it('lets ten employees take one ticket at the same time: one takes it, the rest see a no-op', async () => {
    const { ticketId } = await ticketFrom();
    const employees = Array.from({ length: 10 }, (_, i) => 100 + i);

    const results = await Promise.all(
      employees.map((employeeId) =>
        service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'in_progress', employeeId }),
      ),
    );

    const taker = results[0].assigneeId;
    expect(employees).toContain(taker);
    for (const result of results) expect(result).toMatchObject({ status: 'in_progress', assigneeId: taker });
    await service.events.waitFor(Events.TicketStatusChanged, { ticketId });
    // Close concurrently with a reopen: whichever order they commit in, the ticket ends closed or open, and
    // each event describes a transition from the status the ticket really had.
    await Promise.allSettled([
      service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'closed', employeeId: ALICE }),
      service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'open', employeeId: BOB }),
    ]);
    const final = await service.rpc.call(TicketRpc.GetTicket, { ticketId });
    const events = await eventually(() => {
      const seen = statusEvents(ticketId);
      return seen.length >= 2 && seen.at(-1)!.to === final.status && seen;
    });
    for (let i = 1; i < events.length; i++) expect(events[i].from).toBe(events[i - 1].to);
    expect(statusEvents(ticketId).filter((event) => event.to === 'in_progress')).toHaveLength(1);
  });

  it('assigns, reassigns and unassigns, moving updatedAt; the same assignee again is a no-op', async () => {
    const { ticketId } = await ticketFrom();
    const assigned = await service.rpc.call(TicketRpc.Assign, { ticketId, assigneeId: ALICE, employeeId: BOB });
    expect(assigned).toMatchObject({ assigneeId: ALICE, status: 'open' });
    expect(await service.rpc.call(TicketRpc.Assign, { ticketId, assigneeId: ALICE, employeeId: BOB })).toEqual(
      assigned,
    );

    const reassigned = await service.rpc.call(TicketRpc.Assign, { ticketId, assigneeId: BOB, employeeId: BOB });
    expect(reassigned.assigneeId).toBe(BOB);
    expect(Date.parse(reassigned.updatedAt)).toBeGreaterThan(Date.parse(assigned.updatedAt));
    expect(await service.rpc.call(TicketRpc.Assign, { ticketId, assigneeId: null, employeeId: BOB })).toMatchObject({
      assigneeId: null,
    });
  });

  it('stores a reply as pending, hands it to bot-service, and shows it as the last message', async () => {
    const { ticketId, user } = await ticketFrom('ru', 'in_progress');
    const reply = await service.rpc.call(TicketRpc.Reply, {
      ticketId,
      employeeId: ALICE,
      text: '  We are on it <b>now</b>  ',
    });

    expect(reply).toEqual({
      id: expect.any(Number),
      ticketId,
      direction: 'outbound',
      employeeId: ALICE,
      kind: 'text',
      text: 'We are on it <b>now</b>',
      fileId: null,
      createdAt: expect.any(String),
      deliveryStatus: 'pending',
      deliveryError: null,
      attachment: null,
      editedAt: null,
      edits: [],
      replyToMessageId: null,
    });
    const [outbound] = await service.events.waitFor(Events.MessageOutbound, { ticketId });
    expect(outbound).toMatchObject({
      ticketId,
      messageId: reply.id,
      chatId: user.chatId,
      text: 'We are on it <b>now</b>',
      languageCode: 'ru',
    });
    const ticket = await service.rpc.call(TicketRpc.GetTicket, { ticketId });
    expect(ticket).toMatchObject({
      lastMessagePreview: 'We are on it <b>now</b>',
      lastMessageAt: reply.createdAt,
      updatedAt: reply.createdAt,
    });
  });

  it('records delivery reports once each, and marks a client who blocked the bot as unreachable', async () => {
    const { ticketId, user } = await ticketFrom();
    const delivered = await service.rpc.call(TicketRpc.Reply, { ticketId, employeeId: ALICE, text: 'one' });
    const blocked = await service.rpc.call(TicketRpc.Reply, { ticketId, employeeId: ALICE, text: 'two' });
    const base = { ticketId, reason: null, clientUnreachable: false };

    await service.reportDelivery({ ...base, eventId: randomUUID(), messageId: delivered.id, status: 'delivered' });
    const blockedReport = {
      ...base,
      eventId: randomUUID(),
      messageId: blocked.id,
      status: 'failed' as const,
      reason: 'blocked by the user',
      clientUnreachable: true,
    };
    await service.reportDelivery(blockedReport);

    const statusOf = async () => {
      const { items } = await service.rpc.call(TicketRpc.ListMessages, { ticketId });
      return items
        .filter((message) => message.kind !== 'system')
        .map((message) => [message.text, message.deliveryStatus, message.deliveryError]);
    };
    await eventually(async () => {
      expect(await statusOf()).toEqual([
        ['message 1', null, null],
        ['one', 'delivered', null],
        ['two', 'failed', 'blocked by the user'],
      ]);
      return true;
    });
    const unreachable = async () => {
      const [client] = await service.db.query('SELECT unreachable_since FROM ticket.clients WHERE telegram_id = $1', [
        user.telegramId,
      ]);
      return client.unreachable_since as Date | null;
    };
    expect(await unreachable()).not.toBeNull();

    // A redelivered report is recognised by its eventId and changes nothing (the reset below stays).
    await service.db.query(
      `UPDATE ticket.messages SET delivery_status = 'pending', delivery_error = NULL WHERE id = $1`,
      [blocked.id],
    );
    await service.reportDelivery(blockedReport);
    await eventually(async () => (await service.backlog(eventQueue(ServiceName.TicketService))) === 0, {
      message: 'the redelivered report handled and acked',
    });
    expect((await statusOf())[2]).toEqual(['two', 'pending', null]);

    // Writing again proves the client reachable.
    await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 2));
    expect(await unreachable()).toBeNull();
  });

  it('pages a conversation oldest first, and refuses a cursor it did not make', async () => {
    const { ticketId, user } = await ticketFrom();
    for (let i = 2; i <= 12; i++)
      await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, i, { text: `m${i}` }));

    const texts: (string | null)[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await service.rpc.call(TicketRpc.ListMessages, { ticketId, limit: 5, cursor });
      texts.push(...page.items.filter((message) => message.kind !== 'system').map((item) => item.text));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);

    expect(texts).toEqual(['message 1', ...Array.from({ length: 11 }, (_, i) => `m${i + 2}`)]);
    expect(pages).toBe(3);
    expect(
      await rejectionOf(service.rpc.call(TicketRpc.ListMessages, { ticketId, cursor: 'bm90IGEgY3Vyc29y' })),
    ).toMatchObject({
      code: ErrorCode.InvalidCursor,
    });
  });

  it('rejects malformed requests with MALFORMED_MESSAGE', async () => {
    const { ticketId } = await ticketFrom();
    for (const call of [
      () => service.rpc.call(TicketRpc.ChangeStatus, { ticketId, status: 'done', employeeId: ALICE } as never),
      () => service.rpc.call(TicketRpc.Reply, { ticketId, employeeId: ALICE, text: '   ' }),
      () => service.rpc.call(TicketRpc.Assign, { ticketId, employeeId: ALICE } as never),
    ]) {
      expect(await rejectionOf(call())).toMatchObject({ code: ErrorCode.MalformedMessage });
    }
  });
});
