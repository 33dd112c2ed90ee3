import amqplib from 'amqplib';
import { ErrorCode, Events, TicketRpc } from '@app/contracts';
import { EVENTS_EXCHANGE } from '@app/messaging';
import { clientUser } from '@app/telegram-emulator';
import { paddedPdf } from '../media/sample-files';
import { DeskInProcess, url } from './desk-in-process';
import { Sample, eventually, parsePrometheusText, total } from '@app/testing';

/**
 * What an operator's Prometheus sees: each service's GET /metrics (no token), with counters that move with
 * the work the desk did and label values that stay bounded (route templates, patterns, codes).
 */
describe('metrics: every service is scraped, and its counters follow the work done', () => {
  let desk: DeskInProcess;
  const client = clientUser('Olga', 'en');

  beforeAll(async () => {
    desk = await DeskInProcess.start();
  });

  afterAll(async () => {
    await desk?.stop();
  });

  const scrape = async (app: 'gateway' | 'ticketService' | 'bot'): Promise<Sample[]> => {
    const response = await fetch(await url(desk[app], '/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return parsePrometheusText(await response.text());
  };

  it('serves process metrics and its own families from every service, without a token', async () => {
    for (const [app, service] of [
      ['gateway', 'api-gateway'],
      ['ticketService', 'ticket-service'],
      ['bot', 'bot-service'],
    ] as const) {
      const samples = await scrape(app);
      expect(total(samples, 'process_cpu_user_seconds_total', { service })).toBeGreaterThan(0);
      expect(samples.some((sample) => sample.name === 'nodejs_heap_size_used_bytes')).toBe(true);
    }
  });

  it('counts a conversation: an update in, a ticket, RPCs, events, sends to Telegram, a reply out', async () => {
    const [gatewayBefore, ticketBefore, botBefore] = await Promise.all([
      scrape('gateway'),
      scrape('ticketService'),
      scrape('bot'),
    ]);
    const token = await desk.logIn();
    expect(
      (await desk.api('POST', '/auth/login', { email: 'admin@ops.test', password: 'not the password' })).status,
    ).toBe(401);

    desk.telegram.clientSends(client, { command: 'start' });
    desk.telegram.clientSends(client, { text: 'My order never came' });
    const ticket = await eventually(() => desk.ticketOf(client, token), {
      timeoutMs: 20_000,
      message: 'the ticket in GET /tickets',
    });
    expect(
      (await desk.api('POST', `/tickets/${ticket.id}/messages`, { text: 'Sorry! Sending it again.' }, token)).status,
    ).toBe(201);
    expect((await desk.api('GET', '/tickets/999999', undefined, token)).status).toBe(404);
    expect((await desk.api('GET', '/no/such/page/42', undefined, token)).status).toBe(404);
    await eventually(
      () => desk.telegram.botMessages(client.id).some((message) => message.text === 'Sorry! Sending it again.'),
      {
        timeoutMs: 20_000,
        message: 'the reply delivered',
      },
    );

    // gateway: HTTP by route template and status, RPC calls by pattern and outcome
    const gateway = await scrape('gateway');
    const moved = (after: Sample[], before: Sample[], name: string, labels: Record<string, string>) =>
      total(after, name, labels) - total(before, name, labels);
    expect(
      moved(gateway, gatewayBefore, 'desk_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/tickets/:id/messages',
        status: '201',
      }),
    ).toBe(1);
    expect(
      moved(gateway, gatewayBefore, 'desk_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/tickets/:id',
        status: '404',
      }),
    ).toBe(1);
    expect(
      moved(gateway, gatewayBefore, 'desk_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/auth/login',
        status: '401',
      }),
    ).toBe(1);
    expect(
      moved(gateway, gatewayBefore, 'desk_rpc_client_duration_seconds_count', {
        pattern: TicketRpc.Reply,
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      moved(gateway, gatewayBefore, 'desk_rpc_client_duration_seconds_count', {
        pattern: TicketRpc.GetTicket,
        outcome: ErrorCode.TicketNotFound,
      }),
    ).toBe(1);
    expect(
      moved(gateway, gatewayBefore, 'desk_http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }),
    ).toBe(1);
    const routes = new Set(
      gateway.filter((sample) => sample.labels.route !== undefined).map((sample) => sample.labels.route),
    );
    expect([...routes].filter((route) => /\d{3,}/.test(route))).toEqual([]);

    // ticket-service: the RPCs it answered, the delivery report it consumed, tickets by status, an empty outbox
    await eventually(
      async () => {
        const ticketService = await scrape('ticketService');
        return (
          moved(ticketService, ticketBefore, 'desk_rpc_server_duration_seconds_count', {
            pattern: TicketRpc.Reply,
            outcome: 'ok',
          }) === 1 &&
          moved(ticketService, ticketBefore, 'desk_rpc_server_duration_seconds_count', {
            pattern: TicketRpc.GetTicket,
            outcome: ErrorCode.TicketNotFound,
          }) === 1 &&
          // the reply's delivery report, and those of the bot's own notices (the ticket's number) in the timeline
          moved(ticketService, ticketBefore, 'desk_event_handling_duration_seconds_count', {
            event: Events.MessageDeliveryReported,
            outcome: 'ok',
          }) >= 1 &&
          total(ticketService, 'desk_tickets', { status: 'open' }) === 1 &&
          total(ticketService, 'desk_outbox_waiting') === 0 &&
          total(ticketService, 'desk_queue_messages', { queue: 'ticket-service.rpc.dead' }) === 0
        );
      },
      { timeoutMs: 20_000, message: 'ticket-service metrics after the conversation' },
    );

    // bot-service: updates stored and forwarded, events consumed, every message the client got counted as delivered
    await eventually(
      async () => {
        const bot = await scrape('bot');
        return (
          moved(bot, botBefore, 'desk_bot_updates_stored_total', { route: 'register' }) === 1 &&
          moved(bot, botBefore, 'desk_bot_updates_stored_total', { route: 'record' }) === 1 &&
          total(bot, 'desk_bot_updates_waiting') === 0 &&
          moved(bot, botBefore, 'desk_event_handling_duration_seconds_count', {
            event: Events.MessageOutbound,
            outcome: 'ok',
          }) === 1 &&
          moved(bot, botBefore, 'desk_rpc_client_duration_seconds_count', { outcome: 'ok' }) >= 1 &&
          moved(bot, botBefore, 'desk_telegram_sends_total', { result: 'delivered' }) ===
            desk.telegram.botMessages(client.id).length
        );
      },
      { timeoutMs: 20_000, message: 'bot-service metrics after the conversation' },
    );
  });

  it('gateway: counts the consoles connected to live events, up when one connects and down when it leaves', async () => {
    const token = await desk.logIn();
    const open = () => scrape('gateway').then((samples) => total(samples, 'desk_event_streams_open'));
    const leftBefore = total(await scrape('gateway'), 'desk_event_streams_ended_total', { reason: 'client_left' });
    expect(await open()).toBe(0);

    const agentConsole = new AbortController();
    const stream = await fetch(await url(desk.gateway, '/events'), {
      headers: { authorization: `Bearer ${token}` },
      signal: agentConsole.signal,
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read(); // ': connected': the stream is open on the gateway's side
    await eventually(async () => (await open()) === 1, { message: 'one open stream' });

    agentConsole.abort();
    await reader.cancel().catch(() => undefined);
    await eventually(
      async () => {
        const samples = await scrape('gateway');
        return (
          total(samples, 'desk_event_streams_open') === 0 &&
          total(samples, 'desk_event_streams_ended_total', { reason: 'client_left' }) - leftBefore === 1
        );
      },
      { message: 'no open stream, one ended by the console leaving' },
    );
  });

  it('gateway: counts failed logins and the attempts throttled before their password is checked', async () => {
    const before = await scrape('gateway');
    const guess = () => desk.api('POST', '/auth/login', { email: 'guesser@ops.test', password: 'wrong-password-123' });
    // LOGIN_FAILURES_BEFORE_DELAY is 2 here: two failures, then the pair must wait
    expect((await guess()).status).toBe(401);
    expect((await guess()).status).toBe(401);
    expect((await guess()).status).toBe(429);
    const after = await scrape('gateway');
    const moved = (name: string, labels: Record<string, string>) =>
      total(after, name, labels) - total(before, name, labels);
    expect(moved('desk_login_failures_total', { attempt: 'login' })).toBe(2);
    expect(moved('desk_logins_throttled_total', { key: 'pair' })).toBe(1);
    expect(after.some((sample) => Object.values(sample.labels).some((value) => value.includes('guesser')))).toBe(false);
  });

  it('bot-service: counts a client’s file downloaded from Telegram and an employee’s file uploaded, with their bytes', async () => {
    const token = await desk.logIn();
    const sender = clientUser('Lena', 'en');
    const before = await scrape('bot');
    const moved = (after: Sample[], name: string, labels: Record<string, string> = {}) =>
      total(after, name, labels) - total(before, name, labels);

    const scan = paddedPdf(50_000);
    desk.telegram.clientSends(sender, {
      document: { file_name: 'scan.pdf', mime_type: 'application/pdf', bytes: scan },
    });
    await eventually(
      async () => {
        const bot = await scrape('bot');
        return (
          moved(bot, 'desk_telegram_downloads_total', { result: 'ready' }) === 1 &&
          moved(bot, 'desk_telegram_downloaded_bytes_total') === scan.length &&
          moved(bot, 'desk_telegram_download_duration_seconds_count') === 1
        );
      },
      { timeoutMs: 20_000, message: 'one download counted as ready, with its bytes and duration' },
    );

    const ticket = await eventually(() => desk.ticketOf(sender, token), { message: 'the ticket' });
    const contract = paddedPdf(80_000);
    desk.telegram.failNextSends(1, 429, 'Too Many Requests: retry after 1', 1);
    const form = new FormData();
    form.append('file', new Blob([contract], { type: 'application/pdf' }), 'contract.pdf');
    const sent = await fetch(await url(desk.gateway, `/tickets/${ticket.id}/messages`), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(sent.status).toBe(201);
    await eventually(
      async () => {
        const bot = await scrape('bot');
        return (
          moved(bot, 'desk_telegram_uploads_total', { method: 'document', result: '429' }) === 1 &&
          moved(bot, 'desk_telegram_uploads_total', { method: 'document', result: 'delivered' }) === 1 &&
          moved(bot, 'desk_telegram_uploaded_bytes_total', { method: 'document' }) === contract.length &&
          moved(bot, 'desk_telegram_upload_duration_seconds_count', { method: 'document' }) === 2
        );
      },
      { timeoutMs: 20_000, message: 'an upload refused with 429, then delivered with its bytes' },
    );
  });

  it('bot-service: shows an update it had to set aside, by stage, so an alert can fire', async () => {
    const before = await scrape('bot');
    expect(total(before, 'desk_bot_updates_set_aside', { stage: 'malformed' })).toBe(0);
    expect(total(before, 'desk_bot_updates_set_aside', { stage: 'forward' })).toBe(0);
    // a shape the bot cannot rely on (a language code that is no string): set aside, never forwarded
    const odd = clientUser('Odd', 'en', { username: undefined, language_code: { en: true } as unknown as string });
    desk.telegram.clientSends(odd, { text: 'hello' });
    await eventually(
      async () => total(await scrape('bot'), 'desk_bot_updates_set_aside', { stage: 'malformed' }) === 1,
      { timeoutMs: 20_000, message: 'one malformed update set aside' },
    );
  });

  it('counts a malformed event as dead-lettered, and shows it waiting in the dead-letter queue', async () => {
    const before = await scrape('bot');
    const connection = await amqplib.connect(desk.env.rabbitUrl);
    try {
      const channel = await connection.createConfirmChannel();
      const body = { pattern: Events.MessageOutbound, data: { eventId: 'not-a-uuid', chatId: 'nobody' } };
      channel.publish(EVENTS_EXCHANGE, Events.MessageOutbound, Buffer.from(JSON.stringify(body)), { persistent: true });
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    await eventually(
      async () => {
        const bot = await scrape('bot');
        const deadLettered = { event: Events.MessageOutbound, reason: 'malformed' };
        return (
          total(bot, 'desk_events_dead_lettered_total', deadLettered) -
            total(before, 'desk_events_dead_lettered_total', deadLettered) ===
            1 && total(bot, 'desk_queue_messages', { queue: 'bot-service.events.dead' }) === 1
        );
      },
      { timeoutMs: 20_000, message: 'one dead-lettered event counted and waiting in bot-service.events.dead' },
    );
  });

  it('counts a ticket’s status change in the tickets-by-status gauge', async () => {
    const token = await desk.logIn();
    const ticket = (await desk.ticketOf(client, token))!;
    expect((await desk.api('PATCH', `/tickets/${ticket.id}/status`, { status: 'closed' }, token)).status).toBe(200);
    // the other tests' clients keep theirs open: the gauge must agree with the list
    const stillOpen = (await desk.api('GET', '/tickets?status=open&limit=100', undefined, token)).body.items.length;
    await eventually(
      async () => {
        const samples = await scrape('ticketService');
        return (
          total(samples, 'desk_tickets', { status: 'closed' }) === 1 &&
          total(samples, 'desk_tickets', { status: 'open' }) === stillOpen
        );
      },
      { timeoutMs: 20_000, message: `desk_tickets: one closed, ${stillOpen} open as GET /tickets says` },
    );
  });
});
