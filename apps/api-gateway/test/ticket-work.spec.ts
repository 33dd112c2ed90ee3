import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode, Events, MessageView, TicketView } from '@app/contracts';
import { EventTap } from '@app/testing';
import { Desk, clientWrites, startDesk } from './desk-harness';
import { Hired, Session, hire } from './gateway-harness';
import { walk } from './list-walk';

/** Notes, tags, priority, "awaiting our reply", client history and the audit trail, through REST on the real services. */
describe('api-gateway: agent work on tickets (notes, tags, priority, awaiting reply, clients, history)', () => {
  let desk: Desk;
  let app: NestExpressApplication;
  let admin: Session;
  let adminId: number;
  let agent: Hired;
  let botEvents: EventTap;

  beforeAll(async () => {
    desk = await startDesk();
    ({ app, admin, adminId, agent, botEvents } = desk);
  });

  afterAll(async () => {
    await desk?.close();
  });

  const messagesOf = async (ticketId: number): Promise<MessageView[]> =>
    (await admin.get(`/tickets/${ticketId}/messages?limit=100`).expect(200)).body.items;
  const ticketOf = async (ticketId: number): Promise<TicketView> =>
    (await admin.get(`/tickets/${ticketId}`).expect(200)).body;

  describe('POST /tickets/{id}/notes', () => {
    it('adds a note employees see in the conversation, never sent to the client, that answers no one', async () => {
      const ticketId = await desk.newTicket('Where is my parcel?');
      const note = await agent.session.post(`/tickets/${ticketId}/notes`, { text: 'Asked the warehouse' }).expect(201);
      expect(note.body).toMatchObject({
        ticketId,
        kind: 'note',
        direction: 'internal',
        employeeId: agent.id,
        text: 'Asked the warehouse',
        deliveryStatus: null,
      });

      const messages = await messagesOf(ticketId);
      expect(
        messages.filter((message) => message.kind !== 'system').map((message) => [message.kind, message.text]),
      ).toEqual([
        ['text', 'Where is my parcel?'],
        ['note', 'Asked the warehouse'],
      ]);
      // The bot was told of the ticket, and of nothing else: a note is not sent.
      await botEvents.waitFor(Events.TicketCreated, { ticketId });
      await admin.post(`/tickets/${ticketId}/messages`, { text: 'On its way' }).expect(201);
      const [outbound] = await botEvents.waitFor(Events.MessageOutbound, { ticketId });
      expect(outbound.text).toBe('On its way');
      expect(botEvents.of(Events.MessageOutbound, ticketId)).toHaveLength(1);
    });

    it('is allowed on a closed ticket, and refuses an empty text (400) or an unknown ticket (404)', async () => {
      const ticketId = await desk.newTicket();
      await admin.patch(`/tickets/${ticketId}/status`, { status: 'closed' }).expect(200);
      await admin.post(`/tickets/${ticketId}/notes`, { text: 'Closed as a duplicate of #1' }).expect(201);
      expect((await messagesOf(ticketId)).at(-1)).toMatchObject({ kind: 'note', text: 'Closed as a duplicate of #1' });

      for (const body of [{}, { text: '   ' }, { text: 5 }, { text: 'x', extra: 1 }]) {
        const response = await admin.post(`/tickets/${ticketId}/notes`, body);
        expect({ body, status: response.status, code: response.body.code }).toEqual({
          body,
          status: 400,
          code: ErrorCode.ValidationFailed,
        });
      }
      expect((await admin.post('/tickets/987654/notes', { text: 'x' })).body.code).toBe(ErrorCode.TicketNotFound);
    });
  });

  describe('awaitingReply and waitingSince', () => {
    it('is true from the client’s first unanswered message, and turns false only on an employee’s reply', async () => {
      const telegramId = desk.newTelegramId();
      const { ticketId } = await clientWrites(app, telegramId, 'Hello?');
      const opened = await ticketOf(ticketId);
      expect(opened).toMatchObject({ awaitingReply: true, waitingSince: expect.any(String) });

      await clientWrites(app, telegramId, 'Anyone there?');
      expect((await ticketOf(ticketId)).waitingSince).toBe(opened.waitingSince);
      await admin.post(`/tickets/${ticketId}/notes`, { text: 'Looking' }).expect(201);
      await admin.patch(`/tickets/${ticketId}/status`, { status: 'in_progress' }).expect(200);
      expect(await ticketOf(ticketId)).toMatchObject({ awaitingReply: true, waitingSince: opened.waitingSince });

      await admin.post(`/tickets/${ticketId}/messages`, { text: 'Yes, here' }).expect(201);
      expect(await ticketOf(ticketId)).toMatchObject({ awaitingReply: false, waitingSince: null });

      await clientWrites(app, telegramId, 'Thanks, one more thing');
      const again = await ticketOf(ticketId);
      expect(again.awaitingReply).toBe(true);
      expect(again.waitingSince! > opened.waitingSince!).toBe(true);
    });

    it('lists the queue with awaitingReply=true&sort=waitingSince: who waited longest first, answered tickets left out', async () => {
      const [first, second, third] = [
        await desk.newTicket('one'),
        await desk.newTicket('two'),
        await desk.newTicket('three'),
      ];
      await admin.post(`/tickets/${second}/messages`, { text: 'answered' }).expect(201);

      const queue = await walk(admin, '/tickets?awaitingReply=true&sort=waitingSince&limit=2');
      const mine = queue.filter((id) => [first, second, third].includes(id));
      expect(mine).toEqual([first, third]);
      const waited = await Promise.all(queue.map(async (id) => (await ticketOf(id)).waitingSince!));
      expect(waited).toEqual([...waited].sort());

      const answered = await walk(admin, '/tickets?awaitingReply=false&limit=100');
      expect(answered).toContain(second);
      expect(answered).not.toContain(first);
      const refused = await admin.get('/tickets?awaitingReply=false&sort=waitingSince').expect(400);
      expect(refused.body.code).toBe(ErrorCode.ValidationFailed);
      expect((await admin.get('/tickets?awaitingReply=yes').expect(400)).body.code).toBe(ErrorCode.ValidationFailed);
    });
  });

  describe('PUT /tickets/{id}/tags and PATCH /tickets/{id}/priority', () => {
    it('normalises tags (trimmed, lower-cased, each once) and replaces them; [] clears', async () => {
      const ticketId = await desk.newTicket();
      const tagged = await agent.session
        .put(`/tickets/${ticketId}/tags`, { tags: [' Delivery ', 'VIP', 'vip', 'late  parcel', ''] })
        .expect(200);
      expect(tagged.body.tags).toEqual(['delivery', 'vip', 'late parcel']);
      expect(
        (await agent.session.put(`/tickets/${ticketId}/tags`, { tags: ['refund'] }).expect(200)).body.tags,
      ).toEqual(['refund']);
      expect((await agent.session.put(`/tickets/${ticketId}/tags`, { tags: [] }).expect(200)).body.tags).toEqual([]);
    });

    it('refuses more than 20 tags, a tag over 32 characters, or a body that is not a list of strings, with 400', async () => {
      const ticketId = await desk.newTicket();
      const bodies = [
        { tags: Array.from({ length: 21 }, (_, i) => `tag${i}`) },
        { tags: ['x'.repeat(33)] },
        { tags: 'vip' },
        { tags: [1] },
        {},
      ];
      for (const body of bodies) {
        const response = await admin.put(`/tickets/${ticketId}/tags`, body);
        expect({ body, status: response.status, code: response.body.code }).toEqual({
          body,
          status: 400,
          code: ErrorCode.ValidationFailed,
        });
      }
      // 21 given that normalise to 20 are fine: the limit is on what is stored
      const twenty = [...Array.from({ length: 20 }, (_, i) => `tag${i}`), 'TAG0'];
      expect((await admin.put(`/tickets/${ticketId}/tags`, { tags: twenty }).expect(200)).body.tags).toHaveLength(20);
      expect((await ticketOf(ticketId)).tags).toHaveLength(20);
    });

    it('two agents tagging at once: one set wins whole, and the history records both, each from what the other left', async () => {
      const ticketId = await desk.newTicket();
      const other = await hire(app, admin, 'agent');
      const [a, b] = await Promise.all([
        agent.session.put(`/tickets/${ticketId}/tags`, { tags: ['billing', 'urgent-ish'] }),
        other.session.put(`/tickets/${ticketId}/tags`, { tags: ['delivery'] }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      const final = (await ticketOf(ticketId)).tags;
      expect([['billing', 'urgent-ish'], ['delivery']]).toContainEqual(final);

      const history = (await admin.get(`/tickets/${ticketId}/history`).expect(200)).body.items.filter(
        (entry: { action: string }) => entry.action === 'tags',
      );
      expect(history).toHaveLength(2);
      expect(history[0].from).toEqual([]);
      expect(history[1].from).toEqual(history[0].to);
      expect(history[1].to).toEqual(final);
      expect(new Set(history.map((entry: { employeeId: number }) => entry.employeeId))).toEqual(
        new Set([agent.id, other.id]),
      );
    });

    it('sets the priority (normal by default), refuses an unknown one, and lists by priority: urgent first', async () => {
      const low = await desk.newTicket();
      const urgent = await desk.newTicket();
      const high = await desk.newTicket();
      expect((await ticketOf(low)).priority).toBe('normal');
      await agent.session.patch(`/tickets/${low}/priority`, { priority: 'low' }).expect(200);
      expect(
        (await agent.session.patch(`/tickets/${urgent}/priority`, { priority: 'urgent' }).expect(200)).body.priority,
      ).toBe('urgent');
      await agent.session.patch(`/tickets/${high}/priority`, { priority: 'high' }).expect(200);
      for (const body of [{ priority: 'critical' }, {}, { priority: 3 }]) {
        expect((await admin.patch(`/tickets/${low}/priority`, body).expect(400)).body.code).toBe(
          ErrorCode.ValidationFailed,
        );
      }

      const byPriority = await walk(admin, '/tickets?sort=priority&order=desc&limit=3');
      const mine = byPriority.filter((id) => [low, urgent, high].includes(id));
      expect(mine).toEqual([urgent, high, low]);
      const priorities = await Promise.all(byPriority.map(async (id) => (await ticketOf(id)).priority));
      const rank = (priority: string) => ['low', 'normal', 'high', 'urgent'].indexOf(priority);
      expect(priorities.map(rank)).toEqual([...priorities.map(rank)].sort((x, y) => y - x));

      expect(await walk(admin, '/tickets?priority=urgent,high&limit=100')).toEqual(
        expect.arrayContaining([urgent, high]),
      );
      expect(await walk(admin, '/tickets?priority=urgent,high&limit=100')).not.toContain(low);
      expect((await admin.get('/tickets?priority=critical').expect(400)).body.code).toBe(ErrorCode.ValidationFailed);
      expect((await admin.get('/tickets?sort=loudness').expect(400)).body.code).toBe(ErrorCode.ValidationFailed);
    });

    it('filters by tags (all must match, case-insensitive), combined with status and priority', async () => {
      const both = await desk.newTicket();
      const one = await desk.newTicket();
      await admin.put(`/tickets/${both}/tags`, { tags: ['printer', 'floor-3'] }).expect(200);
      await admin.put(`/tickets/${one}/tags`, { tags: ['printer'] }).expect(200);
      await admin.patch(`/tickets/${both}/priority`, { priority: 'high' }).expect(200);

      expect(await walk(admin, '/tickets?tag=printer&limit=1')).toEqual(expect.arrayContaining([both, one]));
      expect(await walk(admin, '/tickets?tag=Printer,FLOOR-3')).toEqual([both]);
      expect(await walk(admin, '/tickets?tag=printer&priority=high&status=open')).toEqual([both]);
      expect(await walk(admin, '/tickets?tag=printer&status=closed')).toEqual([]);
    });
  });

  describe('GET /tickets/{id}/history', () => {
    it('records every status, assignee, priority and tags change: who, when, from, to, oldest first (admins only)', async () => {
      const ticketId = await desk.newTicket();
      await agent.session.patch(`/tickets/${ticketId}/status`, { status: 'in_progress' }).expect(200);
      await admin.patch(`/tickets/${ticketId}/priority`, { priority: 'high' }).expect(200);
      await admin.patch(`/tickets/${ticketId}/priority`, { priority: 'high' }).expect(200);
      await agent.session.put(`/tickets/${ticketId}/tags`, { tags: ['vip'] }).expect(200);
      await admin.patch(`/tickets/${ticketId}/assignee`, { assigneeId: null }).expect(200);
      await admin.patch(`/tickets/${ticketId}/status`, { status: 'closed' }).expect(200);

      const { items } = (await admin.get(`/tickets/${ticketId}/history`).expect(200)).body;
      expect(
        items.map(({ employeeId, action, from, to }: Record<string, unknown>) => ({ employeeId, action, from, to })),
      ).toEqual([
        { employeeId: agent.id, action: 'status', from: 'open', to: 'in_progress' },
        { employeeId: agent.id, action: 'assignee', from: null, to: agent.id },
        { employeeId: adminId, action: 'priority', from: 'normal', to: 'high' },
        { employeeId: agent.id, action: 'tags', from: [], to: ['vip'] },
        { employeeId: adminId, action: 'assignee', from: agent.id, to: null },
        { employeeId: adminId, action: 'status', from: 'in_progress', to: 'closed' },
      ]);
      const times = items.map((entry: { at: string }) => entry.at);
      expect(times).toEqual([...times].sort());
      expect(new Date(times[0]).toISOString()).toBe(times[0]);

      expect((await agent.session.get(`/tickets/${ticketId}/history`).expect(403)).body.code).toBe(ErrorCode.Forbidden);
      expect((await admin.get('/tickets/987654/history').expect(404)).body.code).toBe(ErrorCode.TicketNotFound);
    });
  });

  describe('client history', () => {
    it('GET /clients/{id} gives the profile, first seen and ticket count; a returning client’s ticket links to the previous one', async () => {
      const telegramId = desk.newTelegramId();
      const first = await clientWrites(app, telegramId, 'First problem', { firstName: 'Olga', languageCode: 'en' });
      expect((await ticketOf(first.ticketId)).previousTicketId).toBeNull();
      await admin.patch(`/tickets/${first.ticketId}/status`, { status: 'closed' }).expect(200);
      const second = await clientWrites(app, telegramId, 'Second problem', { firstName: 'Olga', languageCode: 'en' });
      expect(second.ticketCreated).toBe(true);
      const ticket = await ticketOf(second.ticketId);
      expect(ticket.previousTicketId).toBe(first.ticketId);

      const client = await agent.session.get(`/clients/${ticket.client.id}`).expect(200);
      expect(client.body).toEqual({
        id: ticket.client.id,
        telegramId,
        username: `client${telegramId}`,
        firstName: 'Olga',
        lastName: 'Petrov',
        languageCode: 'en',
        firstSeenAt: expect.any(String),
        ticketCount: 2,
      });
      expect(client.body.firstSeenAt <= ticket.createdAt).toBe(true);

      expect(
        await walk(agent.session, `/tickets?clientId=${ticket.client.id}&sort=createdAt&order=asc&limit=1`),
      ).toEqual([first.ticketId, second.ticketId]);
      expect((await admin.get('/clients/987654').expect(404)).body.code).toBe(ErrorCode.ClientNotFound);
      expect((await admin.get('/clients/abc').expect(400)).body.code).toBe(ErrorCode.ValidationFailed);
      expect((await admin.get('/tickets?clientId=abc').expect(400)).body.code).toBe(ErrorCode.ValidationFailed);
    });
  });
});
