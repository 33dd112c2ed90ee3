import { ErrorCode, Events, TicketRpc } from '@app/contracts';
import { TicketServiceHarness, clientMessage, rejectionOf, telegramUser } from './ticket-service.harness';

describe('ticket-service: client messages become tickets', () => {
  let service: TicketServiceHarness;
  const EMPLOYEE = 1;

  beforeAll(async () => {
    service = await TicketServiceHarness.startFresh();
  });
  afterAll(() => service?.close());

  const activeTickets = async (telegramId: number) =>
    service.db.query(
      `SELECT t.id FROM ticket.tickets t JOIN ticket.clients c ON c.id = t.client_id
       WHERE c.telegram_id = $1 AND t.status <> 'closed'`,
      [telegramId],
    );

  it('registers a client on /start, idempotently, keeping its Telegram id above 2^31 exact', async () => {
    const user = telegramUser(1);
    const first = await service.rpc.call(TicketRpc.RegisterClient, user);
    const again = await service.rpc.call(TicketRpc.RegisterClient, { ...user, username: 'renamed' });

    expect(first).toEqual({
      id: expect.any(Number),
      telegramId: 5_000_000_001,
      username: 'client1',
      firstName: 'Client 1',
      lastName: null,
      languageCode: 'en',
    });
    expect(again).toEqual({ ...first, username: 'renamed' });
    const [{ count }] = await service.db.query(
      'SELECT count(*)::int AS count FROM ticket.clients WHERE telegram_id = $1',
      [user.telegramId],
    );
    expect(count).toBe(1);
  });

  it('opens a ticket with the first message, announces it, and attaches the next messages to it', async () => {
    const user = telegramUser(2, { languageCode: 'ru' });
    const opened = await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 1, { text: 'My order is late' }),
    );
    expect(opened).toEqual({
      ticketId: expect.any(Number),
      messageId: expect.any(Number),
      ticketCreated: true,
      duplicate: false,
    });

    const [created] = await service.events.waitFor(Events.TicketCreated, { ticketId: opened.ticketId });
    expect(created).toEqual({
      eventId: expect.any(String),
      occurredAt: expect.any(String),
      sequence: expect.any(Number),
      ticketId: opened.ticketId,
      clientId: expect.any(Number),
      telegramId: user.telegramId,
      chatId: user.chatId,
      languageCode: 'ru',
      noticeMessageId: expect.any(Number),
    });

    const before = await service.rpc.call(TicketRpc.GetTicket, { ticketId: opened.ticketId });
    const followUp = await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 2, { text: 'Any news?\nPlease' }),
    );
    expect(followUp).toMatchObject({ ticketId: opened.ticketId, ticketCreated: false, duplicate: false });

    const ticket = await service.rpc.call(TicketRpc.GetTicket, { ticketId: opened.ticketId });
    expect(ticket).toMatchObject({
      status: 'open',
      assigneeId: null,
      closedAt: null,
      lastMessagePreview: 'Any news? Please',
    });
    expect(ticket.client).toMatchObject({ telegramId: user.telegramId, languageCode: 'ru' });
    expect(Date.parse(ticket.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect(ticket.lastMessageAt).toBe(ticket.updatedAt);

    const conversation = await service.rpc.call(TicketRpc.ListMessages, { ticketId: opened.ticketId });
    expect(
      conversation.items
        .filter((message) => message.kind !== 'system')
        .map((message) => [message.direction, message.text]),
    ).toEqual([
      ['inbound', 'My order is late'],
      ['inbound', 'Any news?\nPlease'],
    ]);
    expect(service.events.of(Events.TicketCreated, opened.ticketId)).toHaveLength(1);
  });

  it('opens a new ticket when the client writes after the last one was closed', async () => {
    const user = telegramUser(3);
    const first = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 10));
    await service.rpc.call(TicketRpc.ChangeStatus, {
      ticketId: first.ticketId,
      status: 'closed',
      employeeId: EMPLOYEE,
    });

    const next = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 11));
    expect(next).toMatchObject({ ticketCreated: true, duplicate: false });
    expect(next.ticketId).not.toBe(first.ticketId);
    expect(await service.rpc.call(TicketRpc.GetTicket, { ticketId: first.ticketId })).toMatchObject({
      status: 'closed',
    });
  });

  it.each([
    ['a new client', false],
    ['a client whose last ticket is closed', true],
  ])('puts 20 simultaneous messages from %s into one new ticket', async (_case, hadClosedTicket) => {
    const user = telegramUser(hadClosedTicket ? 5 : 4);
    if (hadClosedTicket) {
      const old = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1));
      await service.rpc.call(TicketRpc.ChangeStatus, {
        ticketId: old.ticketId,
        status: 'closed',
        employeeId: EMPLOYEE,
      });
    }

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 100 + i))),
    );

    const ticketIds = new Set(results.map((result) => result.ticketId));
    expect(ticketIds.size).toBe(1);
    expect(results.filter((result) => result.ticketCreated)).toHaveLength(1);
    expect(new Set(results.map((result) => result.messageId)).size).toBe(20);
    expect(await activeTickets(user.telegramId)).toEqual([{ id: [...ticketIds][0] }]);
    const conversation = await service.rpc.call(TicketRpc.ListMessages, { ticketId: [...ticketIds][0], limit: 100 });
    expect(conversation.items.filter((message) => message.kind !== 'system')).toHaveLength(20);
    await service.events.waitFor(Events.TicketCreated, { ticketId: [...ticketIds][0] });
  });

  it('records a redelivered Telegram message once, answering the original result with duplicate: true', async () => {
    const user = telegramUser(6);
    const message = clientMessage(user, 7, { text: 'hello' });
    const original = await service.rpc.call(TicketRpc.RecordInbound, message);
    const ticketBefore = await service.rpc.call(TicketRpc.GetTicket, { ticketId: original.ticketId });

    const redelivered = await service.rpc.call(TicketRpc.RecordInbound, { ...message, text: 'hello (edited?)' });
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => service.rpc.call(TicketRpc.RecordInbound, message)),
    );

    for (const repeat of [redelivered, ...burst]) expect(repeat).toEqual({ ...original, duplicate: true });
    expect(original.ticketCreated).toBe(true);
    expect(await service.rpc.call(TicketRpc.GetTicket, { ticketId: original.ticketId })).toEqual(ticketBefore);
    const conversation = await service.rpc.call(TicketRpc.ListMessages, { ticketId: original.ticketId });
    expect(conversation.items.filter((message) => message.kind !== 'system').map((item) => item.text)).toEqual([
      'hello',
    ]);

    // A message that went to an existing ticket is not reported as having opened it when redelivered.
    const second = clientMessage(user, 8);
    await service.rpc.call(TicketRpc.RecordInbound, second);
    expect(await service.rpc.call(TicketRpc.RecordInbound, second)).toMatchObject({
      ticketCreated: false,
      duplicate: true,
    });
    await service.events.waitFor(Events.TicketCreated, { ticketId: original.ticketId });
    expect(service.events.of(Events.TicketCreated, original.ticketId)).toHaveLength(1);
  });

  it('answers a message redelivered after its ticket closed as a duplicate, opening no ticket', async () => {
    const user = telegramUser(12);
    const message = clientMessage(user, 30, { text: 'late twin' });
    const original = await service.rpc.call(TicketRpc.RecordInbound, message);
    await service.rpc.call(TicketRpc.ChangeStatus, {
      ticketId: original.ticketId,
      status: 'closed',
      employeeId: EMPLOYEE,
    });

    expect(await service.rpc.call(TicketRpc.RecordInbound, message)).toEqual({ ...original, duplicate: true });
    expect(await activeTickets(user.telegramId)).toEqual([]);
    const next = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 31));
    expect(next).toMatchObject({ ticketCreated: true, duplicate: false });
    await service.events.waitFor(Events.TicketCreated, { ticketId: next.ticketId });
    expect(service.events.of(Events.TicketCreated, original.ticketId)).toHaveLength(1);
  });

  it('treats the same message id in another chat as another message', async () => {
    const alice = telegramUser(7);
    const bob = telegramUser(8);
    const fromAlice = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(alice, 1));
    const fromBob = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(bob, 1));
    expect(fromBob).toMatchObject({ duplicate: false, ticketCreated: true });
    expect(fromBob.ticketId).not.toBe(fromAlice.ticketId);
  });

  it('keeps non-text messages with their kind, file id and caption, and previews them as "[kind] caption"', async () => {
    const user = telegramUser(9);
    const photo = await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 1, { kind: 'photo', fileId: 'AgACAgIAAxkBAAIB', text: 'broken screen' }),
    );
    expect((await service.rpc.call(TicketRpc.GetTicket, { ticketId: photo.ticketId })).lastMessagePreview).toBe(
      '[photo] broken screen',
    );

    await service.rpc.call(
      TicketRpc.RecordInbound,
      clientMessage(user, 2, { kind: 'voice', fileId: 'AwACAgIAAxkBAAIC', text: null }),
    );
    expect((await service.rpc.call(TicketRpc.GetTicket, { ticketId: photo.ticketId })).lastMessagePreview).toBe(
      '[voice]',
    );

    const conversation = await service.rpc.call(TicketRpc.ListMessages, { ticketId: photo.ticketId });
    expect(conversation.items.filter((message) => message.kind !== 'system')).toEqual([
      expect.objectContaining({
        kind: 'photo',
        fileId: 'AgACAgIAAxkBAAIB',
        text: 'broken screen',
        deliveryStatus: null,
      }),
      expect.objectContaining({ kind: 'voice', fileId: 'AwACAgIAAxkBAAIC', text: null, deliveryStatus: null }),
    ]);
  });

  it('has Postgres itself refuse a second active ticket for a client', async () => {
    const user = telegramUser(10);
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1));
    const [{ client_id: clientId }] = await service.db.query('SELECT client_id FROM ticket.tickets WHERE id = $1', [
      ticketId,
    ]);

    const secondActive = service.db.query(`INSERT INTO ticket.tickets (client_id, status) VALUES ($1, 'in_progress')`, [
      clientId,
    ]);
    const failure = await rejectionOf(secondActive);
    expect(failure.message).toMatch(/tickets_one_active_per_client/);
    // Closed tickets do not count: any number of them may exist beside the active one.
    await service.db.query(
      `INSERT INTO ticket.tickets (client_id, status, closed_at) VALUES ($1, 'closed', now()), ($1, 'closed', now())`,
      [clientId],
    );
  });

  it('rejects a malformed message with MALFORMED_MESSAGE and records nothing', async () => {
    const user = telegramUser(11);
    const failure = await rejectionOf(
      service.rpc.call(TicketRpc.RecordInbound, { ...clientMessage(user, 1), kind: 'hologram' } as never),
    );
    expect(failure.code).toBe(ErrorCode.MalformedMessage);
    expect(await activeTickets(user.telegramId)).toEqual([]);
  });
});
