import {
  ErrorCode,
  Events,
  INBOUND_BATCH_MAX,
  InboundBatchItem,
  RecordInboundRequest,
  RegisterClientRequest,
  TicketRpc,
} from '@app/contracts';
import { TicketServiceHarness, clientMessage, rejectionOf, telegramUser } from './ticket-service.harness';

const record = (
  user: RegisterClientRequest,
  telegramMessageId: number,
  overrides: Partial<RecordInboundRequest> = {},
) => ({ route: 'record', message: clientMessage(user, telegramMessageId, overrides) }) as const;
const register = (profile: RegisterClientRequest) => ({ route: 'register', profile }) as const;

describe('ticket-service: a batch of inbound updates', () => {
  let service: TicketServiceHarness;
  const EMPLOYEE = 1;

  beforeAll(async () => {
    service = await TicketServiceHarness.startFresh();
  });
  afterAll(() => service?.close());

  const recordBatch = async (items: InboundBatchItem[]) =>
    (await service.rpc.call(TicketRpc.RecordInboundBatch, { items })).results;
  const recordResults = async (items: InboundBatchItem[]) =>
    (await recordBatch(items)).map((result) => {
      if (result.route !== 'record') throw new Error(`expected a record result, got ${JSON.stringify(result)}`);
      const { route: _route, ...recorded } = result;
      return recorded;
    });
  /** The conversation without the bot's own notices (kind system). */
  const conversationOf = async (ticketId: number) =>
    (await service.rpc.call(TicketRpc.ListMessages, { ticketId, limit: 100 })).items.filter(
      (message) => message.kind !== 'system',
    );
  /** Every ticket of the client, oldest first, with its status and its messages' Telegram ids in stored order. */
  const ticketsOf = async (
    user: RegisterClientRequest,
  ): Promise<{ id: number; status: string; telegramIds: number[] }[]> =>
    service.db.query(
      `SELECT t.id, t.status,
              coalesce(array_agg(m.telegram_message_id::int ORDER BY m.id) FILTER (WHERE m.telegram_message_id IS NOT NULL), '{}') AS "telegramIds"
       FROM ticket.tickets t JOIN ticket.clients c ON c.id = t.client_id
       LEFT JOIN ticket.messages m ON m.ticket_id = t.id
       WHERE c.telegram_id = $1 GROUP BY t.id ORDER BY t.id`,
      [user.telegramId],
    );
  const clientRow = async (user: RegisterClientRequest) =>
    (
      await service.db.query(
        `SELECT id, username, first_name AS "firstName", language_code AS "languageCode", unreachable_since AS "unreachableSince"
         FROM ticket.clients WHERE telegram_id = $1`,
        [user.telegramId],
      )
    )[0];

  it("puts each client's messages on that client's ticket, in the order of the items", async () => {
    const [alice, bob, carol] = [telegramUser(101), telegramUser(102), telegramUser(103)];
    const existing = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(carol, 1));

    const items = [
      record(alice, 5),
      record(bob, 9),
      record(alice, 3),
      record(carol, 2),
      record(bob, 1),
      record(alice, 4, { text: 'last' }),
    ];
    const results = await recordResults(items);

    const [a1, b1, a2, c1, b2, a3] = results;
    expect(results.every((result) => !result.duplicate)).toBe(true);
    expect([a2, a3].map((result) => result.ticketId)).toEqual([a1.ticketId, a1.ticketId]);
    expect(b2.ticketId).toBe(b1.ticketId);
    expect(c1).toMatchObject({ ticketId: existing.ticketId, ticketCreated: false });
    expect(new Set([a1.ticketId, b1.ticketId, c1.ticketId]).size).toBe(3);
    expect(results.map((result) => result.ticketCreated)).toEqual([true, true, false, false, false, false]);
    expect(a1.messageId).toBeLessThan(a2.messageId);
    expect(a2.messageId).toBeLessThan(a3.messageId);
    expect(b1.messageId).toBeLessThan(b2.messageId);

    expect(await ticketsOf(alice)).toEqual([{ id: a1.ticketId, status: 'open', telegramIds: [5, 3, 4] }]);
    expect(await ticketsOf(bob)).toEqual([{ id: b1.ticketId, status: 'open', telegramIds: [9, 1] }]);
    expect(await ticketsOf(carol)).toEqual([{ id: existing.ticketId, status: 'open', telegramIds: [1, 2] }]);
    expect((await conversationOf(a1.ticketId)).map((message) => message.text)).toEqual([
      'message 5',
      'message 3',
      'last',
    ]);
    const ticket = await service.rpc.call(TicketRpc.GetTicket, { ticketId: a1.ticketId });
    expect(ticket).toMatchObject({ lastMessagePreview: 'last', client: { telegramId: alice.telegramId } });
    expect(ticket.lastMessageAt).toBe(ticket.updatedAt);

    for (const opened of [a1, b1]) await service.events.waitFor(Events.TicketCreated, { ticketId: opened.ticketId });
    expect(service.events.of(Events.TicketCreated, a1.ticketId)).toEqual([
      expect.objectContaining({
        clientId: expect.any(Number),
        telegramId: alice.telegramId,
        chatId: alice.chatId,
        languageCode: 'en',
      }),
    ]);
  });

  it('changes nothing for a message recorded before or repeated in the batch, and reports it as a duplicate', async () => {
    const user = telegramUser(104);
    const original = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(user, 1, { text: 'hello' }));
    const before = await service.rpc.call(TicketRpc.GetTicket, { ticketId: original.ticketId });

    const results = await recordResults([
      record(user, 1, { text: 'hello (edited?)', username: 'renamed' }),
      record(user, 2, { text: 'second' }),
      record(user, 2, { text: 'second, again', username: 'renamed' }),
    ]);

    expect(results[0]).toEqual({ ...original, duplicate: true });
    expect(results[1]).toEqual({
      ticketId: original.ticketId,
      messageId: expect.any(Number),
      ticketCreated: false,
      duplicate: false,
    });
    expect(results[2]).toEqual({ ...results[1], duplicate: true });
    expect((await conversationOf(original.ticketId)).map((message) => message.text)).toEqual(['hello', 'second']);
    expect(await clientRow(user)).toMatchObject({ username: user.username });
    const after = await service.rpc.call(TicketRpc.GetTicket, { ticketId: original.ticketId });
    expect(after.lastMessagePreview).toBe('second');
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
  });

  it('opens a new ticket, announced once, for a client whose last ticket is closed', async () => {
    const [returning, other] = [telegramUser(105), telegramUser(106)];
    const old = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(returning, 1));
    await service.rpc.call(TicketRpc.ChangeStatus, { ticketId: old.ticketId, status: 'closed', employeeId: EMPLOYEE });
    const open = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(other, 1));

    const [first, second, toOpen] = await recordResults([record(returning, 2), record(returning, 3), record(other, 2)]);

    expect(first).toMatchObject({ ticketCreated: true, duplicate: false });
    expect(second).toMatchObject({ ticketId: first.ticketId, ticketCreated: false });
    expect(toOpen).toMatchObject({ ticketId: open.ticketId, ticketCreated: false });
    expect(await ticketsOf(returning)).toEqual([
      { id: old.ticketId, status: 'closed', telegramIds: [1] },
      { id: first.ticketId, status: 'open', telegramIds: [2, 3] },
    ]);
    await service.events.waitFor(Events.TicketCreated, { ticketId: first.ticketId });
    expect(service.events.of(Events.TicketCreated, first.ticketId)).toHaveLength(1);
    expect(service.events.of(Events.TicketCreated, open.ticketId)).toHaveLength(1);
  });

  it('racing single messages and other batches for the same clients, keeps one active ticket each and every message once', async () => {
    const users = [107, 108, 109, 110, 111].map((n) => telegramUser(n));
    // Three batches and twenty single calls at once; messages 1..4 are also sent by twins.
    const batches = [0, 1, 2].map((b) => users.flatMap((user) => [1, 2].map((i) => record(user, 10 * b + i))));
    const singles = users.flatMap((user) => [1, 2, 100, 101].map((id) => clientMessage(user, id)));

    const [batchResults, singleResults] = await Promise.all([
      Promise.all(batches.map((items) => recordResults(items))),
      Promise.all(singles.map((message) => service.rpc.call(TicketRpc.RecordInbound, message))),
    ]);

    const all = [...batchResults.flat(), ...singleResults];
    const byMessage = new Map<number, typeof all>();
    for (const result of all) byMessage.set(result.messageId, [...(byMessage.get(result.messageId) ?? []), result]);
    for (const user of users) {
      const tickets = await ticketsOf(user);
      expect(tickets).toHaveLength(1);
      const [{ id, telegramIds }] = tickets;
      expect([...telegramIds].sort((a, b) => a - b)).toEqual([1, 2, 11, 12, 21, 22, 100, 101]);
      // Each stored message was answered as new exactly once; the ticket was reported opened exactly once.
      const answers = all.filter((result) => result.ticketId === id);
      expect(answers.filter((result) => !result.duplicate)).toHaveLength(8);
      expect(answers.filter((result) => result.ticketCreated && !result.duplicate)).toHaveLength(1);
      await service.events.waitFor(Events.TicketCreated, { ticketId: id });
      expect(service.events.of(Events.TicketCreated, id)).toHaveLength(1);
      // Within one batch, a client's messages keep their order.
      for (const first of [11, 21]) expect(telegramIds.indexOf(first)).toBeLessThan(telegramIds.indexOf(first + 1));
    }
    for (const results of byMessage.values()) expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
  });

  it('registers new clients and refreshes known ones, the last profile in the batch winning', async () => {
    const [newcomer, known, writer] = [telegramUser(112), telegramUser(113), telegramUser(114)];
    const registered = await service.rpc.call(TicketRpc.RegisterClient, known);
    await service.db.query('UPDATE ticket.clients SET unreachable_since = now() WHERE id = $1', [registered.id]);

    const results = await recordBatch([
      register(newcomer),
      register({ ...known, firstName: 'Known, renamed' }),
      record(writer, 1),
      register({ ...newcomer, languageCode: 'ru' }),
    ]);

    const newcomerRow = await clientRow(newcomer);
    expect(results).toEqual([
      { route: 'register', clientId: newcomerRow.id },
      { route: 'register', clientId: registered.id },
      expect.objectContaining({ route: 'record', ticketCreated: true, duplicate: false }),
      { route: 'register', clientId: newcomerRow.id },
    ]);
    expect(newcomerRow).toMatchObject({ username: newcomer.username, languageCode: 'ru', unreachableSince: null });
    expect(await clientRow(known)).toMatchObject({ firstName: 'Known, renamed', unreachableSince: null });
    expect(await ticketsOf(newcomer)).toEqual([]);
    expect(await ticketsOf(writer)).toHaveLength(1);
  });

  it('changes nothing when a whole batch is delivered again', async () => {
    const [alice, bob] = [telegramUser(115), telegramUser(116)];
    const items = [register(alice), record(alice, 1), record(bob, 1), record(alice, 2), record(bob, 2)];
    const first = await recordBatch(items);
    const ticketIds = [...new Set(first.flatMap((result) => (result.route === 'record' ? [result.ticketId] : [])))];
    for (const ticketId of ticketIds) await service.events.waitFor(Events.TicketCreated, { ticketId });
    const ticketsBefore = await Promise.all(
      ticketIds.map((ticketId) => service.rpc.call(TicketRpc.GetTicket, { ticketId })),
    );

    const again = await recordBatch(items);

    expect(again).toEqual(first.map((result) => (result.route === 'record' ? { ...result, duplicate: true } : result)));
    expect(await Promise.all(ticketIds.map((ticketId) => service.rpc.call(TicketRpc.GetTicket, { ticketId })))).toEqual(
      ticketsBefore,
    );
    expect(await ticketsOf(alice)).toEqual([{ id: expect.any(Number), status: 'open', telegramIds: [1, 2] }]);
    expect(await ticketsOf(bob)).toEqual([{ id: expect.any(Number), status: 'open', telegramIds: [1, 2] }]);
    // The relay publishes oldest first: once a later ticket.created is out, one of the redelivery would be too.
    const marker = await service.rpc.call(TicketRpc.RecordInbound, clientMessage(telegramUser(117), 1));
    await service.events.waitFor(Events.TicketCreated, { ticketId: marker.ticketId });
    const announced = service.events.of(Events.TicketCreated).filter((event) => ticketIds.includes(event.ticketId));
    expect(announced).toHaveLength(2);
  });

  it('rejects an empty, an oversized or a malformed batch with MALFORMED_MESSAGE and records nothing', async () => {
    const user = telegramUser(118);
    const oversized = Array.from({ length: INBOUND_BATCH_MAX + 1 }, (_, i) => record(user, i + 1));
    const malformed = [record(user, 1), { route: 'record', message: { ...clientMessage(user, 2), kind: 'hologram' } }];
    for (const items of [[], oversized, malformed]) {
      const failure = await rejectionOf(service.rpc.call(TicketRpc.RecordInboundBatch, { items } as never));
      expect(failure.code).toBe(ErrorCode.MalformedMessage);
    }
    expect(await clientRow(user)).toBeUndefined();
  });
});
