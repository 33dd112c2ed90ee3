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

    const first = await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'On its way' }, 'reply-1').expect(201);
    const retried = await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'On its way' }, 'reply-1').expect(201);

    expect(retried.body).toEqual(first.body);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    const conversation = await agent.session.get(`/tickets/${ticketId}/messages`).expect(200);
    // the employee's replies (the bot's own notices are in the timeline too, as `system`)
    const replies = conversation.body.items.filter((message: { direction: string; kind: string }) => message.direction === 'outbound' && message.kind !== 'system');
    expect(replies).toHaveLength(1);
    await botEvents.waitFor(Events.MessageOutbound, { ticketId });
    // a later, unrelated message proves the retried one had its chance to arrive
    await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'Anything else?' }).expect(201);
    await botEvents.waitFor(Events.MessageOutbound, { ticketId, count: 2 });
    expect(botEvents.of(Events.MessageOutbound, ticketId).map((event) => event.text)).toEqual(['On its way', 'Anything else?']);
  });

  it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const ticketId = await desk.newTicket();
    await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'First answer' }, 'reply-2').expect(201);

    const reused = await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'Another answer' }, 'reply-2').expect(422);
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

  it('stores a reply once when the same key reaches ticket-service again (a retry after a 504)', async () => {
    // The gateway released the key when its call timed out; the late first call and the retry both arrive.
    const ticketId = await desk.newTicket();
    const tickets = app.get<TicketServiceClient>(TICKET_SERVICE);
    const command = { ticketId, employeeId: agent.id, text: 'Late but once', idempotencyKey: 'after-504' };

    const [late, retry] = await Promise.all([tickets.call(TicketRpc.Reply, command), tickets.call(TicketRpc.Reply, command)]);

    expect(retry.id).toBe(late.id);
    const conversation = await agent.session.get(`/tickets/${ticketId}/messages`).expect(200);
    expect(conversation.body.items.filter((message: { text: string }) => message.text === 'Late but once')).toHaveLength(1);
  });

  it('refuses a malformed key with 400', async () => {
    const ticketId = await desk.newTicket();
    const response = await postAs(agent.session, `/tickets/${ticketId}/messages`, { text: 'Hello' }, 'x'.repeat(300)).expect(400);
    expect(response.body.code).toBe(ErrorCode.ValidationFailed);
  });
});
