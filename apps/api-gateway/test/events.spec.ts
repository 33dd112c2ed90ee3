import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { TestEnvironment, eventually } from '@app/testing';
import { clientWrites, startRealTicketService } from './desk-harness';
import { ADMIN, Session, craftToken, hire, http, logIn, startTestGateway } from './gateway-harness';

interface ReceivedEvent {
  id?: string;
  event?: string;
  data?: unknown;
  comment?: string;
}

/** An open GET /events, read as a browser would: every event and comment, in order, and whether it ended. */
class EventStreamReader {
  readonly received: ReceivedEvent[] = [];
  ended = false;
  private readonly abort = new AbortController();

  static async open(app: NestExpressApplication, token: string): Promise<EventStreamReader> {
    const reader = new EventStreamReader();
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const response = await fetch(`http://127.0.0.1:${port}/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: reader.abort.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    void reader.read(response.body!.pipeThrough(new TextDecoderStream()).getReader());
    return reader;
  }

  events(name: string): unknown[] {
    return this.received.filter((event) => event.event === name).map((event) => event.data);
  }

  close(): void {
    this.abort.abort();
  }

  private async read(stream: ReadableStreamDefaultReader<string>): Promise<void> {
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await stream.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.received.push(parseBlock(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by the test
    }
    this.ended = true;
  }
}

function parseBlock(block: string): ReceivedEvent {
  const event: ReceivedEvent = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) event.comment = line.slice(1).trim();
    else if (line.startsWith('id: ')) event.id = line.slice(4);
    else if (line.startsWith('event: ')) event.event = line.slice(7);
    else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
  }
  return event;
}

describe('api-gateway: live events (GET /events)', () => {
  let env: TestEnvironment;
  let ticketService: INestApplication;
  let gateway: NestExpressApplication;
  let replica: NestExpressApplication;
  let admin: Session;
  const readers: EventStreamReader[] = [];
  let nextClient = 8_100_000_000;

  const open = async (app: NestExpressApplication, token: string) => {
    const reader = await EventStreamReader.open(app, token);
    readers.push(reader);
    return reader;
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    ticketService = await startRealTicketService(env);
    gateway = await startTestGateway(env, { EVENTS_HEARTBEAT_SECONDS: '1' });
    replica = await startTestGateway(env, { EVENTS_HEARTBEAT_SECONDS: '1' });
    admin = await logIn(gateway, ADMIN.email, ADMIN.password);
  });

  afterAll(async () => {
    for (const reader of readers) reader.close();
    await replica?.close();
    await gateway?.close();
    await ticketService?.close();
    await env?.dispose();
  });

  it('refuses a stream without a valid bearer token, and never takes one from the URL', async () => {
    const missing = await http(gateway).get('/events');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('UNAUTHORIZED');
    const inUrl = await http(gateway).get(`/events?access_token=${admin.token}`);
    expect(inUrl.status).toBe(401);
  });

  it('streams a client’s new ticket and message to every employee on every gateway replica, as the API’s views', async () => {
    const agent = await hire(gateway, admin);
    const streams = [
      await open(gateway, admin.token),
      await open(gateway, agent.session.token),
      await open(replica, admin.token),
    ];

    const telegramId = nextClient++;
    const { ticketId, messageId } = await clientWrites(gateway, telegramId, 'The app crashes on start');

    for (const stream of streams) {
      await eventually(() => stream.events('message.created').some((m) => (m as { id: number }).id === messageId), {
        message: 'message.created on every stream',
      });
      expect(stream.events('ticket.created')).toContainEqual({ ticketId, clientId: expect.any(Number) });
      const ticket = stream.events('ticket.updated').find((t) => (t as { id: number }).id === ticketId);
      expect(ticket).toMatchObject({ id: ticketId, status: 'open', assigneeId: null, client: { telegramId } });
      const message = stream.events('message.created').find((m) => (m as { id: number }).id === messageId);
      expect(message).toMatchObject({ ticketId, direction: 'inbound', text: 'The app crashes on start' });
      const ids = stream.received.filter((event) => event.id).map((event) => Number(event.id));
      expect(ids).toEqual(ids.map((_, i) => i + 1));
    }
    // what the REST API says is what the stream said
    const rest = await admin.get(`/tickets/${ticketId}`);
    expect(streams[0].events('ticket.updated').find((t) => (t as { id: number }).id === ticketId)).toEqual(rest.body);
  });

  it('streams a client’s next message on an open ticket with the ticket as the API then shows it', async () => {
    const stream = await open(gateway, admin.token);
    const telegramId = nextClient++;
    const { ticketId } = await clientWrites(gateway, telegramId, 'Hello');
    await admin.patch(`/tickets/${ticketId}/status`, { status: 'in_progress' }).expect(200);
    await admin.post(`/tickets/${ticketId}/messages`, { text: 'Looking into it' }).expect(201);
    const { messageId } = await clientWrites(gateway, telegramId, 'Thanks, the order is 4711');

    await eventually(() => stream.events('message.created').some((m) => (m as { id: number }).id === messageId), {
      message: 'the second message on the stream',
    });
    const updates = stream.events('ticket.updated').filter((t) => (t as { id: number }).id === ticketId);
    const rest = await admin.get(`/tickets/${ticketId}`);
    expect(updates.at(-1)).toEqual(rest.body);
    expect(rest.body).toMatchObject({
      status: 'in_progress',
      lastMessagePreview: 'Thanks, the order is 4711',
      awaitingReply: true,
    });
  });

  it('streams an owner change and a reply to a colleague on another replica', async () => {
    const colleague = await hire(gateway, admin);
    const watching = await open(replica, colleague.session.token);
    const { ticketId } = await clientWrites(gateway, nextClient++, 'Where is my order?');

    const me = (await admin.get('/auth/me')).body.id as number;
    await admin.patch(`/tickets/${ticketId}/status`, { status: 'in_progress' }).expect(200);
    await eventually(
      () =>
        watching
          .events('ticket.updated')
          .some(
            (t) =>
              (t as { id: number; assigneeId: number }).id === ticketId &&
              (t as { assigneeId: number }).assigneeId === me,
          ),
      { message: 'the colleague sees the new owner' },
    );
    const reply = await admin.post(`/tickets/${ticketId}/messages`, { text: 'Checking now' }).expect(201);
    await eventually(() => watching.events('message.created').some((m) => (m as { id: number }).id === reply.body.id), {
      message: 'the reply on the stream',
    });
  });

  it('keeps an idle stream open with a ping comment', async () => {
    const stream = await open(gateway, admin.token);
    await eventually(() => stream.received.some((event) => event.comment === 'ping'), {
      timeoutMs: 10_000,
      message: 'a ping',
    });
    expect(stream.ended).toBe(false);
  });

  it('ends the stream, with the reason, when the employee is deactivated', async () => {
    const agent = await hire(gateway, admin);
    const stream = await open(gateway, agent.session.token);
    await admin.patch(`/employees/${agent.id}`, { active: false }).expect(200);
    await eventually(() => stream.ended, { timeoutMs: 10_000, message: 'the stream ended' });
    expect(stream.events('stream.closed')).toEqual([{ reason: 'employee_deactivated' }]);
  });

  it('ends the stream, with the reason, when the token expires', async () => {
    const me = (await admin.get('/auth/me')).body.id as number;
    const shortLived = craftToken({ sub: String(me), exp: Math.floor(Date.now() / 1000) + 2 });
    const stream = await open(gateway, shortLived);
    await eventually(() => stream.ended, { timeoutMs: 10_000, message: 'the stream ended' });
    expect(stream.events('stream.closed')).toEqual([{ reason: 'token_expired' }]);
  });
});
