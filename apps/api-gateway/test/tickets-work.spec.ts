import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode, Events, REPLY_MAX_LENGTH } from '@app/contracts';
import { EventTap } from '@app/testing';
import { Desk, clientWrites, startDesk } from './desk-harness';
import { Hired, Session, hire } from './gateway-harness';

describe('api-gateway working tickets through the real ticket-service over RabbitMQ', () => {
  let desk: Desk;
  let app: NestExpressApplication;
  let admin: Session;
  let adminId: number;
  let agent: Hired;
  let botEvents: EventTap;
  const newTicket = (text?: string) => desk.newTicket(text);

  beforeAll(async () => {
    desk = await startDesk();
    ({ app, admin, adminId, agent, botEvents } = desk);
  });

  afterAll(async () => {
    await desk?.close();
  });

  describe('PATCH /tickets/{id}/status', () => {
    it('takes a ticket (assigning the caller), tells the client, and treats the same status as a no-op', async () => {
      const ticketId = await newTicket();

      const taken = await agent.session.patch(`/tickets/${ticketId}/status`, { status: 'in_progress' }).expect(200);
      expect(taken.body).toMatchObject({ id: ticketId, status: 'in_progress', assigneeId: agent.id });
      const [event] = await botEvents.waitFor(Events.TicketStatusChanged, { ticketId });
      expect(event).toMatchObject({ ticketId, from: 'open', to: 'in_progress', changedBy: agent.id });

      const again = await admin.patch(`/tickets/${ticketId}/status`, { status: 'in_progress' }).expect(200);
      expect(again.body).toMatchObject({
        status: 'in_progress',
        assigneeId: agent.id,
        updatedAt: taken.body.updatedAt,
      });

      const reopened = await admin.patch(`/tickets/${ticketId}/status`, { status: 'open' }).expect(200);
      expect(reopened.body).toMatchObject({ status: 'open', assigneeId: agent.id });
      await botEvents.waitFor(Events.TicketStatusChanged, { ticketId, count: 2 });
      expect(botEvents.of(Events.TicketStatusChanged, ticketId)).toHaveLength(2);
    });

    it('closes for good: a closed ticket refuses any other status with 409 TICKET_CLOSED', async () => {
      const ticketId = await newTicket();
      const closed = await admin.patch(`/tickets/${ticketId}/status`, { status: 'closed' }).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });

      for (const status of ['open', 'in_progress']) {
        const response = await admin.patch(`/tickets/${ticketId}/status`, { status }).expect(409);
        expect(response.body).toEqual({
          statusCode: 409,
          code: ErrorCode.TicketClosed,
          message: `Ticket #${ticketId} is closed`,
        });
      }
      expect((await admin.get(`/tickets/${ticketId}`)).body.status).toBe('closed');
    });

    it('answers 400 for a bad status or body and 404 for an unknown ticket', async () => {
      const ticketId = await newTicket();
      for (const body of [{}, { status: 'done' }, { status: 'open', note: 'x' }, { status: ['open'] }]) {
        const response = await admin.patch(`/tickets/${ticketId}/status`, body);
        expect({ body, status: response.status, code: response.body.code }).toEqual({
          body,
          status: 400,
          code: ErrorCode.ValidationFailed,
        });
      }
      const missing = await admin.patch('/tickets/987654/status', { status: 'closed' }).expect(404);
      expect(missing.body.code).toBe(ErrorCode.TicketNotFound);
    });
  });

  describe('PATCH /tickets/{id}/assignee', () => {
    it('assigns to an active employee and unassigns with null', async () => {
      const ticketId = await newTicket();

      const assigned = await admin.patch(`/tickets/${ticketId}/assignee`, { assigneeId: agent.id }).expect(200);
      expect(assigned.body).toMatchObject({ id: ticketId, assigneeId: agent.id, status: 'open' });
      const unassigned = await admin.patch(`/tickets/${ticketId}/assignee`, { assigneeId: null }).expect(200);
      expect(unassigned.body).toMatchObject({ id: ticketId, assigneeId: null });
    });

    it('refuses an employee who does not exist or is deactivated with 404 EMPLOYEE_NOT_FOUND', async () => {
      const ticketId = await newTicket();
      const leaver = await hire(app, admin, 'agent');
      await admin.patch(`/employees/${leaver.id}`, { active: false }).expect(200);

      for (const assigneeId of [leaver.id, 987654]) {
        const response = await admin.patch(`/tickets/${ticketId}/assignee`, { assigneeId }).expect(404);
        expect(response.body).toEqual({
          statusCode: 404,
          code: ErrorCode.EmployeeNotFound,
          message: `Employee #${assigneeId} not found or deactivated`,
        });
      }
      expect((await admin.get(`/tickets/${ticketId}`)).body.assigneeId).toBeNull();
    });

    it('answers 400 for a bad body, 404 for an unknown ticket, 409 for a closed one', async () => {
      const ticketId = await newTicket();
      for (const body of [
        {},
        { assigneeId: 'me' },
        { assigneeId: String(agent.id) },
        { assigneeId: 0 },
        { assigneeId: 1.5 },
      ]) {
        const response = await admin.patch(`/tickets/${ticketId}/assignee`, body);
        expect({ body, status: response.status, code: response.body.code }).toEqual({
          body,
          status: 400,
          code: ErrorCode.ValidationFailed,
        });
      }
      await admin.patch('/tickets/987654/assignee', { assigneeId: agent.id }).expect(404);
      await admin.patch(`/tickets/${ticketId}/status`, { status: 'closed' }).expect(200);
      const closed = await admin.patch(`/tickets/${ticketId}/assignee`, { assigneeId: agent.id }).expect(409);
      expect(closed.body.code).toBe(ErrorCode.TicketClosed);
    });
  });

  describe('messages', () => {
    it('replies: 201 with the stored message, handed on for delivery to the client’s chat', async () => {
      const ticketId = await newTicket('Where is my order?');

      const reply = await agent.session
        .post(`/tickets/${ticketId}/messages`, { text: 'We have sent it again <today>.' })
        .expect(201);

      expect(reply.body).toEqual({
        id: expect.any(Number),
        ticketId,
        direction: 'outbound',
        employeeId: agent.id,
        kind: 'text',
        text: 'We have sent it again <today>.',
        fileId: null,
        createdAt: expect.any(String),
        deliveryStatus: 'pending',
        deliveryError: null,
        attachment: null,
        editedAt: null,
        edits: [],
        replyToMessageId: null,
      });
      const [outbound] = await botEvents.waitFor(Events.MessageOutbound, { ticketId });
      expect(outbound).toMatchObject({ ticketId, messageId: reply.body.id, text: 'We have sent it again <today>.' });
    });

    it('lists the conversation oldest first, paged, with non-text messages recorded by kind and file id', async () => {
      const telegramId = desk.newTelegramId();
      const { ticketId } = await clientWrites(app, telegramId, 'First');
      await clientWrites(app, telegramId, 'the receipt', { kind: 'photo', fileId: 'AgACAgIAAxkBAAIB' });
      const reply = await admin.post(`/tickets/${ticketId}/messages`, { text: 'Thanks, checking' }).expect(201);

      const all = await agent.session.get(`/tickets/${ticketId}/messages`).expect(200);
      expect(all.body.nextCursor).toBeNull();
      expect(all.body.items).toEqual([
        expect.objectContaining({
          ticketId,
          direction: 'inbound',
          employeeId: null,
          kind: 'text',
          text: 'First',
          fileId: null,
          deliveryStatus: null,
        }),
        // the bot's notice of the ticket's number (its words arrive with the delivery report, from bot-service)
        expect.objectContaining({ direction: 'outbound', employeeId: null, kind: 'system', deliveryStatus: 'pending' }),
        expect.objectContaining({
          direction: 'inbound',
          kind: 'photo',
          text: 'the receipt',
          fileId: 'AgACAgIAAxkBAAIB',
        }),
        expect.objectContaining({
          id: reply.body.id,
          direction: 'outbound',
          employeeId: adminId,
          text: 'Thanks, checking',
          deliveryStatus: 'pending',
        }),
      ]);

      const first = await agent.session.get(`/tickets/${ticketId}/messages?limit=2`).expect(200);
      expect(first.body.items).toEqual(all.body.items.slice(0, 2));
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await agent.session
        .get(`/tickets/${ticketId}/messages?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`)
        .expect(200);
      expect(second.body).toEqual({ items: all.body.items.slice(2), nextCursor: null });
    });

    it('answers the conversation with 400 for bad paging, 404 for an unknown ticket', async () => {
      const ticketId = await newTicket();
      for (const query of ['limit=0', 'limit=500', 'sort=createdAt', 'cursor=bm9wZQ']) {
        const response = await admin.get(`/tickets/${ticketId}/messages?${query}`);
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
      }
      const missing = await admin.get('/tickets/987654/messages').expect(404);
      expect(missing.body.code).toBe(ErrorCode.TicketNotFound);
    });

    it('refuses an empty, blank or too long reply (400), a reply to an unknown ticket (404) or a closed one (409)', async () => {
      const ticketId = await newTicket();
      for (const body of [
        {},
        { text: '' },
        { text: '   \n ' },
        { text: 42 },
        { text: 'x'.repeat(REPLY_MAX_LENGTH + 1) },
        { text: 'hi', html: true },
      ]) {
        const response = await admin.post(`/tickets/${ticketId}/messages`, body);
        expect({ body: JSON.stringify(body).slice(0, 40), status: response.status, code: response.body.code }).toEqual({
          body: JSON.stringify(body).slice(0, 40),
          status: 400,
          code: ErrorCode.ValidationFailed,
        });
      }
      await admin.post(`/tickets/${ticketId}/messages`, { text: 'x'.repeat(REPLY_MAX_LENGTH) }).expect(201);

      const missing = await admin.post('/tickets/987654/messages', { text: 'Hello?' }).expect(404);
      expect(missing.body.code).toBe(ErrorCode.TicketNotFound);

      await admin.patch(`/tickets/${ticketId}/status`, { status: 'closed' }).expect(200);
      const closed = await admin.post(`/tickets/${ticketId}/messages`, { text: 'Too late' }).expect(409);
      expect(closed.body).toEqual({
        statusCode: 409,
        code: ErrorCode.TicketClosed,
        message: `Ticket #${ticketId} is closed`,
      });
      const conversation = await admin.get(`/tickets/${ticketId}/messages?limit=100`).expect(200);
      expect(conversation.body.items.map((message: { text: string }) => message.text)).not.toContain('Too late');
    });
  });
});
