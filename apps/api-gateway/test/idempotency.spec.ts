import { randomBytes, randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode, Events, TicketRpc } from '@app/contracts';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { EventTap } from '@app/testing';
import { Desk, startDesk } from './desk-harness';
import { Hired, Session, http } from './gateway-harness';

describe('api-gateway Idempotency-Key on POSTs', () => {
  let desk: Desk;
  let app: NestExpressApplication;
  let admin: Session;
  let agent: Hired;
  let botEvents: EventTap;

  const postAs = (session: Session, path: string, body: object, key?: string) => {
    const request = http(app).post(path).set('Authorization', `Bearer ${session.token}`);
    if (key !== undefined) request.set('Idempotency-Key', key);
    return request.send(body);
  };

  beforeAll(async () => {
    desk = await startDesk();
    ({ app, admin, agent, botEvents } = desk);
  });

  afterAll(async () => {
    await desk?.close();
  });

  it('answers a retried reply with the first result and sends the client one message, not two', async () => {
    const ticketId = await desk.newTicket();

    const first = await postAs(
      agent.session,
      `/tickets/${ticketId}/messages`,
      { text: 'On its way' },
      'reply-1',
    ).expect(201);
    const retried = await postAs(
      agent.session,
      `/tickets/${ticketId}/messages`,
      { text: 'On its way' },
      'reply-1',
    ).expect(201);

    expect(retried.body).toEqual(first.body);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    const conversation = await agent.session.get(`/tickets/${ticketId}/messages`).expect(200);
    // the employee's replies (the bot's own notices are in the timeline too, as `system`)
    const replies = conversation.body.items.filter(
      (message: { direction: string; kind: string }) => message.direction === 'outbound' && message.kind !== 'system',
    );
    expect(replies).toHaveLength(1);
    await botEvents.waitFor(Events.MessageOutbound, { ticketId });
    // a later, unrelated message proves the retried one had its chance to arrive
    await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'Anything else?' }).expect(201);
    await botEvents.waitFor(Events.MessageOutbound, { ticketId, count: 2 });
    expect(botEvents.of(Events.MessageOutbound, ticketId).map((event) => event.text)).toEqual([
      'On its way',
      'Anything else?',
    ]);
  });

  it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const ticketId = await desk.newTicket();
    await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'First answer' }, 'reply-2').expect(201);

    const reused = await postAs(
      agent.session,
      `/tickets/${ticketId}/messages`,
      { text: 'Another answer' },
      'reply-2',
    ).expect(422);
    expect(reused.body).toEqual({
      statusCode: 422,
      code: ErrorCode.IdempotencyKeyReused,
      message: 'Idempotency-Key reply-2 was used before with another request',
    });
    const conversation = await agent.session.get(`/tickets/${ticketId}/messages`).expect(200);
    expect(conversation.body.items.map((message: { text: string }) => message.text)).not.toContain('Another answer');
  });

  it('keeps keys per employee: a colleague’s same key is a request of its own', async () => {
    const ticketId = await desk.newTicket();
    await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'From the agent' }, 'shared-key').expect(201);
    await postAs(admin, `/tickets/${ticketId}/messages`, { text: 'From the admin' }, 'shared-key').expect(201);

    const conversation = await agent.session.get(`/tickets/${ticketId}/messages`).expect(200);
    expect(conversation.body.items.map((message: { text: string }) => message.text)).toEqual(
      expect.arrayContaining(['From the agent', 'From the admin']),
    );
  });

  it('creates one employee for a retried POST /employees, and still two replies without a key', async () => {
    const body = { email: 'idem@example.com', password: 'idem-password', name: 'Idem', role: 'agent' };
    const first = await postAs(admin, '/employees', body, 'hire-idem').expect(201);
    const retried = await postAs(admin, '/employees', body, 'hire-idem').expect(201);
    expect(retried.body.id).toBe(first.body.id);

    const ticketId = await desk.newTicket();
    await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'Same text' }).expect(201);
    await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'Same text' }).expect(201);
    const conversation = await agent.session.get(`/tickets/${ticketId}/messages`).expect(200);
    expect(conversation.body.items.filter((message: { text: string }) => message.text === 'Same text')).toHaveLength(2);
  });

  it('adds one note and one canned reply for retried POSTs, and answers the retry as a replay', async () => {
    const ticketId = await desk.newTicket();
    const note = { text: 'Called the client back' };
    const firstNote = await postAs(agent.session, `/tickets/${ticketId}/notes`, note, 'note-idem').expect(201);
    const retriedNote = await postAs(agent.session, `/tickets/${ticketId}/notes`, note, 'note-idem').expect(201);
    expect(retriedNote.body.id).toBe(firstNote.body.id);
    expect(retriedNote.headers['idempotent-replayed']).toBe('true');
    const conversation = await agent.session.get(`/tickets/${ticketId}/messages`).expect(200);
    expect(conversation.body.items.filter((message: { kind: string }) => message.kind === 'note')).toHaveLength(1);

    const canned = { title: 'Idempotent greeting', texts: { en: 'Hello!' } };
    const firstCanned = await postAs(admin, '/canned-replies', canned, 'canned-idem').expect(201);
    await postAs(admin, '/canned-replies', canned, 'canned-idem').expect(201);
    const cannedReplies = await admin.get('/canned-replies').expect(200);
    const titled = cannedReplies.body.filter((reply: { title: string }) => reply.title === canned.title);
    expect(titled.map((reply: { id: number }) => reply.id)).toEqual([firstCanned.body.id]);
  });

  it('stores a reply once when the same key reaches ticket-service again (a retry after a 504)', async () => {
    // The gateway released the key when its call timed out; the late first call and the retry both arrive.
    const ticketId = await desk.newTicket();
    const tickets = app.get<TicketServiceClient>(TICKET_SERVICE);
    const command = { ticketId, employeeId: agent.id, text: 'Late but once', idempotencyKey: 'after-504' };

    const [late, retry] = await Promise.all([
      tickets.call(TicketRpc.Reply, command),
      tickets.call(TicketRpc.Reply, command),
    ]);

    expect(retry.id).toBe(late.id);
    const conversation = await agent.session.get(`/tickets/${ticketId}/messages`).expect(200);
    expect(
      conversation.body.items.filter((message: { text: string }) => message.text === 'Late but once'),
    ).toHaveLength(1);
  });

  describe('on a file reply (multipart)', () => {
    const sendFile = (ticketId: number, bytes: Buffer, key: string, caption = 'The invoice') =>
      http(app)
        .post(`/tickets/${ticketId}/messages`)
        .set('Authorization', `Bearer ${agent.session.token}`)
        .set('Idempotency-Key', key)
        .field('text', caption)
        .attach('file', bytes, { filename: 'invoice.pdf', contentType: 'application/pdf' });
    const fileReplies = async (ticketId: number) =>
      (await agent.session.get(`/tickets/${ticketId}/messages`).expect(200)).body.items.filter(
        (message: { direction: string; kind: string }) =>
          message.direction === 'outbound' && message.kind === 'document',
      );

    it('answers a retried file with the first result and hands the bot the file once', async () => {
      const ticketId = await desk.newTicket();
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(400_000)]);

      const first = await sendFile(ticketId, pdf, 'file-1').expect(201);
      const retried = await sendFile(ticketId, pdf, 'file-1').expect(201);

      expect(retried.body).toEqual(first.body);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(await fileReplies(ticketId)).toHaveLength(1);
      await botEvents.waitFor(Events.MessageOutboundFile, { ticketId });
      // a later text reply proves a second file would have had its chance to arrive first
      await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'Anything else?' }).expect(201);
      await botEvents.waitFor(Events.MessageOutbound, { ticketId });
      expect(botEvents.of(Events.MessageOutboundFile, ticketId)).toHaveLength(1);
    });

    it('refuses another file, or another caption, under the same key with 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const ticketId = await desk.newTicket();
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(10_000)]);
      await sendFile(ticketId, pdf, 'file-2').expect(201);

      const otherBytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(10_000)]);
      expect((await sendFile(ticketId, otherBytes, 'file-2').expect(422)).body.code).toBe(
        ErrorCode.IdempotencyKeyReused,
      );
      expect((await sendFile(ticketId, pdf, 'file-2', 'Another caption').expect(422)).body.code).toBe(
        ErrorCode.IdempotencyKeyReused,
      );
      expect(await fileReplies(ticketId)).toHaveLength(1);
    });

    it('stores a file reply once when the same key reaches ticket-service again (a retry after a 504)', async () => {
      // The gateway released the key when its call timed out; the retry uploaded the bytes again, under a new file id.
      const ticketId = await desk.newTicket();
      const tickets = app.get<TicketServiceClient>(TICKET_SERVICE);
      const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1000)]);
      const stored = async () => {
        const fileId = randomUUID();
        await tickets.call(TicketRpc.PutFileChunk, { fileId, index: 0, data: bytes.toString('base64') });
        return { fileId, size: bytes.length, chunkCount: 1 };
      };
      const command = async () => ({
        ticketId,
        employeeId: agent.id,
        caption: 'Late but once',
        fileName: 'late.pdf',
        mimeType: 'application/pdf',
        file: await stored(),
        idempotencyKey: 'file-after-504',
      });
      const [late, retry] = await Promise.all([
        tickets.call(TicketRpc.ReplyWithFile, await command()),
        tickets.call(TicketRpc.ReplyWithFile, await command()),
      ]);

      expect(retry.id).toBe(late.id);
      expect(await fileReplies(ticketId)).toHaveLength(1);
      expect(botEvents.of(Events.MessageOutboundFile, ticketId).length).toBeLessThanOrEqual(1);
    });
  });

  it('refuses a malformed key with 400', async () => {
    const ticketId = await desk.newTicket();
    const response = await postAs(
      agent.session,
      `/tickets/${ticketId}/messages`,
      { text: 'Hello' },
      'x'.repeat(300),
    ).expect(400);
    expect(response.body.code).toBe(ErrorCode.ValidationFailed);
  });
});
