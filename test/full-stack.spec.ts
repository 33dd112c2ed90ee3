import { TelegramEmulator, clientUser } from '@app/telegram-emulator';
import { TEST_ADMIN, TestEnvironment, eventually } from '@app/testing';
import { Stack, migrate } from '../scripts/stack/stack';

/**
 * The whole service desk as `npm start` runs it: three processes from dist/, over the real Postgres and
 * RabbitMQ, talking to a Bot API emulator. A client writes; an employee lists, takes, replies and closes
 * through REST; the client sees every notification and the reply.
 */
describe('full stack: a conversation from Telegram to REST and back', () => {
  let env: TestEnvironment;
  let telegram: TelegramEmulator;
  let stack: Stack;
  let gateway: string;
  const logs: string[] = [];
  const client = clientUser('Ivan', 'ru');

  beforeAll(async () => {
    env = await TestEnvironment.create();
    telegram = await TelegramEmulator.start();
    const { env: serviceEnv, gatewayPort } = await env.processEnv(telegram, { LOG_LEVEL: 'info' });
    gateway = `http://127.0.0.1:${gatewayPort}`;
    await migrate(serviceEnv);
    stack = new Stack(serviceEnv, (line) => logs.push(line));
    await stack.start((name, code) => logs.push(`!! ${name} exited with ${code}`));
    // migrating and starting three services takes about 50 s on a loaded 2-core machine
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await telegram?.stop();
    await env?.dispose();
  });

  it('carries a ticket from the first message to closed, telling the client at every step', async () => {
    const login = await api('POST', '/auth/login', TEST_ADMIN);
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const me = await api('GET', '/auth/me', undefined, token);

    telegram.clientSends(client, { command: 'start' });
    telegram.clientSends(client, { text: 'Принтер не печатает' });

    // The employee sees the new ticket in the queue.
    const ticket = await eventually(
      async () => {
        const list = await api('GET', '/tickets?status=open', undefined, token);
        return list.body.items?.find((t: { client: { telegramId: number } }) => t.client.telegramId === client.id);
      },
      { timeoutMs: 20_000, message: 'the ticket in GET /tickets' },
    );
    expect(ticket).toMatchObject({ status: 'open', assigneeId: null, lastMessagePreview: 'Принтер не печатает' });

    // The client was told the ticket number.
    await eventually(() => chat().some((text) => text.includes(`#${ticket.id}`)), { message: 'ticket number told' });

    const taken = await api('PATCH', `/tickets/${ticket.id}/status`, { status: 'in_progress' }, token);
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ status: 'in_progress', assigneeId: me.body.id });
    await eventually(() => chat().some((text) => text.includes(`#${ticket.id}`) && text.includes('В работе')));

    const reply = await api(
      'POST',
      `/tickets/${ticket.id}/messages`,
      { text: 'Перезагрузите принтер, пожалуйста <3' },
      token,
    );
    expect(reply.status).toBe(201);
    await eventually(() => chat().includes('Перезагрузите принтер, пожалуйста <3'), { message: 'reply delivered' });
    await eventually(
      async () => {
        const messages = await api('GET', `/tickets/${ticket.id}/messages`, undefined, token);
        const outbound = messages.body.items.find((m: { direction: string }) => m.direction === 'outbound');
        return outbound?.deliveryStatus === 'delivered';
      },
      { message: 'delivery status recorded' },
    );

    const closed = await api('PATCH', `/tickets/${ticket.id}/status`, { status: 'closed' }, token);
    expect(closed.body).toMatchObject({ status: 'closed' });
    await eventually(() => chat().some((text) => text.includes(`#${ticket.id}`) && text.includes('Закрыт')));

    const again = await api('POST', `/tickets/${ticket.id}/messages`, { text: 'one more' }, token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TICKET_CLOSED');

    // After the close notice the client is asked to rate; a tap and a comment land on the ticket and in reports.
    const survey = await eventually(() => telegram.botMessages(client.id).find((message) => message.replyMarkup), {
      message: 'survey sent',
    });
    telegram.clientTaps(client, survey, `csat:${ticket.id}:5`);
    telegram.clientSends(client, { text: 'Спасибо, всё работает' });
    const rated = await eventually(
      async () => {
        const view = await api('GET', `/tickets/${ticket.id}`, undefined, token);
        return view.body.satisfaction?.comment && view.body;
      },
      { message: 'rating and comment on the ticket' },
    );
    expect(rated).toMatchObject({
      satisfaction: { rating: 5, comment: 'Спасибо, всё работает' },
      firstResponseAt: expect.any(String),
    });
    const day = new Date().toISOString().slice(0, 10);
    const next = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const report = await api('GET', `/reports/summary?from=${day}&to=${next}&groupBy=agent`, undefined, token);
    expect(report.body.rows).toContainEqual(
      expect.objectContaining({ key: String(me.body.id), closed: 1, csatAverage: 5, csatCount: 1 }),
    );
  });

  it('shows agents the whole timeline: what the bot told the client on its own is there as system messages, in order', async () => {
    const english = clientUser('Olga', 'en');
    const login = await api('POST', '/auth/login', TEST_ADMIN);
    const token = login.body.accessToken as string;
    telegram.clientSends(english, { text: 'My parcel is late' });
    const ticket = await eventually(
      async () => {
        const list = await api('GET', '/tickets?status=open', undefined, token);
        return list.body.items?.find((t: { client: { telegramId: number } }) => t.client.telegramId === english.id);
      },
      { timeoutMs: 20_000, message: 'the ticket in GET /tickets' },
    );

    await api('POST', `/tickets/${ticket.id}/notes`, { text: 'Internal: check the courier' }, token);
    await api('PATCH', `/tickets/${ticket.id}/status`, { status: 'in_progress' }, token);
    await api('POST', `/tickets/${ticket.id}/messages`, { text: 'It ships today' }, token);
    await api('PATCH', `/tickets/${ticket.id}/status`, { status: 'closed' }, token);

    const sentToClient = () => telegram.botMessages(english.id).map((message) => message.text);
    await eventually(() => sentToClient().length === 4, { timeoutMs: 20_000, message: 'four messages to the client' });
    const timeline = await eventually(
      async () => {
        const { items } = (await api('GET', `/tickets/${ticket.id}/messages`, undefined, token)).body;
        const notices = items.filter((m: { kind: string }) => m.kind === 'system');
        return (
          notices.length === 3 &&
          notices.every((m: { deliveryStatus: string }) => m.deliveryStatus === 'delivered') &&
          items
        );
      },
      { timeoutMs: 20_000, message: 'three delivered system messages in the timeline' },
    );

    expect(
      timeline.map((m: { kind: string; direction: string; text: string }) => [m.kind, m.direction, m.text]),
    ).toEqual([
      ['text', 'inbound', 'My parcel is late'],
      ['system', 'outbound', sentToClient()[0]],
      ['note', 'internal', 'Internal: check the courier'],
      ['system', 'outbound', sentToClient()[1]],
      ['text', 'outbound', 'It ships today'],
      ['system', 'outbound', sentToClient()[3]],
    ]);
    // exactly what the client saw, the note apart
    expect(sentToClient()[0]).toContain(`#${ticket.id}`);
    expect(sentToClient()[1]).toContain('In progress');
    expect(sentToClient()[2]).toBe('It ships today');
    expect(sentToClient()[3]).toContain('Closed');
  });

  it('stops every service cleanly on SIGTERM', async () => {
    const codes = await stack.stop();
    expect(codes).toEqual({ 'ticket-service': 0, 'api-gateway': 0, 'bot-service': 0 });
  });

  const chat = () => telegram.botMessages(client.id).map((message) => message.text);

  async function api(method: string, path: string, body?: unknown, token?: string) {
    const response = await fetch(gateway + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
});
