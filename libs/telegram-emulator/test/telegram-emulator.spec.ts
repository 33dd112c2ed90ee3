import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { eventually } from '@app/testing';
import { EmulatedUpdate, TelegramEmulator, clientUser } from '../src';

const alice = clientUser('Alice', 'en');

describe('TelegramEmulator', () => {
  let emulator: TelegramEmulator;

  const call = async (method: string, params: Record<string, unknown> = {}, token = emulator.token) => {
    const response = await fetch(`${emulator.apiRoot}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const control = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${emulator.apiRoot}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json() as Promise<any>;
  };

  beforeEach(async () => {
    emulator = await TelegramEmulator.start({ firstId: 1000 });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  it('answers getMe, refuses a wrong token, and accepts methods it does not model', async () => {
    expect((await call('getMe')).body).toMatchObject({ ok: true, result: { is_bot: true, id: 100000001 } });
    expect(await call('getMe', {}, '1:wrong')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect((await call('sendChatAction', { chat_id: 1, action: 'typing' })).body).toEqual({ ok: true, result: true });
  });

  it('serves updates by long polling and confirms them once a later call passes their offset', async () => {
    const waiting = call('getUpdates', { offset: 0, timeout: 5 });
    const sent = emulator.clientSends(alice, { text: 'hello' });
    const first = (await waiting).body.result as EmulatedUpdate[];
    expect(first).toEqual([sent]);
    expect(sent.message).toMatchObject({
      text: 'hello',
      chat: { id: alice.id },
      from: { id: alice.id, language_code: 'en' },
    });
    expect(emulator.isConfirmed(sent.update_id)).toBe(false);

    const photo = emulator.clientSends(alice, { photo: true, caption: 'a receipt' });
    const second = (await call('getUpdates', { offset: sent.update_id + 1, timeout: 0 })).body
      .result as EmulatedUpdate[];
    expect(second.map((update) => update.update_id)).toEqual([photo.update_id]);
    const sizes = expect.arrayContaining([expect.objectContaining({ file_id: expect.any(String) })]);
    expect(photo.message).toMatchObject({ caption: 'a receipt', photo: sizes });
    expect(emulator.updates()).toEqual({
      pending: [photo.update_id],
      served: [sent.update_id, photo.update_id],
      confirmed: [sent.update_id],
    });
    expect(emulator.confirmedAt(sent.update_id)).toBeLessThanOrEqual(Date.now());

    // a "lost" confirmation: served again although the bot's offset is past it
    emulator.redeliver(sent.update_id);
    const again = (await call('getUpdates', { offset: photo.update_id, timeout: 0 })).body.result as EmulatedUpdate[];
    expect(again.map((update) => update.update_id)).toEqual([sent.update_id, photo.update_id]);
  });

  it('records the bot messages per chat, in order, with parse mode and time', async () => {
    await call('sendMessage', { chat_id: alice.id, text: 'one' });
    await call('sendMessage', { chat_id: 777, text: 'other chat' });
    const { body } = await call('sendMessage', { chat_id: alice.id, text: '<b>two</b>', parse_mode: 'HTML' });
    expect(body.result).toMatchObject({ chat: { id: alice.id }, text: '<b>two</b>' });
    expect(emulator.botMessages(alice.id).map(({ text, parseMode }) => [text, parseMode])).toEqual([
      ['one', null],
      ['<b>two</b>', 'HTML'],
    ]);
    expect(emulator.botMessages(alice.id)[0].sentAt).toBeLessThanOrEqual(emulator.botMessages(alice.id)[1].sentAt);
    expect((await call('sendMessage', { chat_id: alice.id, text: 'x'.repeat(4097) })).status).toBe(400);
    expect((await call('sendMessage', { chat_id: alice.id, text: 'a < b', parse_mode: 'HTML' })).status).toBe(400);
  });

  it('answers 429 with retry_after beyond the rate limits, 403 for a chat that blocked the bot, and injected failures', async () => {
    emulator.setRateLimits({ perChatPerSecond: 1 });
    expect((await call('sendMessage', { chat_id: 1, text: 'a' })).status).toBe(200);
    const limited = await call('sendMessage', { chat_id: 1, text: 'b' });
    expect(limited).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    expect((await call('sendMessage', { chat_id: 2, text: 'other chat is fine' })).status).toBe(200);

    emulator.blockChat(3);
    expect((await call('sendMessage', { chat_id: 3, text: 'c' })).body).toMatchObject({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    emulator.failNextSends(1, 502, 'Bad Gateway');
    expect((await call('sendMessage', { chat_id: 4, text: 'd' })).status).toBe(502);
    expect((await call('sendMessage', { chat_id: 4, text: 'd' })).status).toBe(200);

    expect(emulator.stats()).toMatchObject({
      sendAttempts: 6,
      delivered: 3,
      tooManyRequests: 1,
      forbidden: 1,
      injectedFailures: 1,
    });
    expect(emulator.sendAttempts(1).map((attempt) => attempt.status)).toEqual([200, 429]);
  });

  it('posts updates to a webhook with the secret token, retrying until it answers 200', async () => {
    const received: { secret: unknown; update: EmulatedUpdate }[] = [];
    const answers = [500, 200];
    const hook: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ secret: req.headers['x-telegram-bot-api-secret-token'], update: JSON.parse(body) });
        res.writeHead(answers.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      await call('setWebhook', { url, secret_token: 'a-secret-of-16-chars' });
      expect((await call('getWebhookInfo')).body.result).toMatchObject({ url });
      expect((await call('getUpdates')).status).toBe(409);

      const update = emulator.clientSends(alice, { command: 'start' });
      await eventually(() => emulator.isConfirmed(update.update_id));
      expect(received.map((post) => post.update.update_id)).toEqual([update.update_id, update.update_id]);
      expect(received[0].secret).toBe('a-secret-of-16-chars');
      expect(update.message).toMatchObject({
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      });
      expect(emulator.stats()).toMatchObject({ webhookPosts: 2, webhookRejected: 1 });
      await call('deleteWebhook');
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  it('posts several chats at once over max_connections, one chat at a time and in order', async () => {
    const open = new Map<number, number>();
    const posted: { chatId: number; messageId: number; concurrent: number }[] = [];
    let failFirstOfChat: number | undefined = 7002;
    const hook: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const update = JSON.parse(body) as EmulatedUpdate;
        const chatId = update.message.chat.id;
        open.set(chatId, (open.get(chatId) ?? 0) + 1);
        posted.push({
          chatId,
          messageId: update.message.message_id,
          concurrent: [...open.values()].reduce((a, b) => a + b),
        });
        // answer on the next turn so that posts overlap when the emulator sends them side by side
        setImmediate(() => {
          open.set(chatId, open.get(chatId)! - 1);
          const fail = chatId === failFirstOfChat;
          if (fail) failFirstOfChat = undefined;
          res.writeHead(fail ? 500 : 200).end();
        });
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      const chats = [7001, 7002, 7003, 7004];
      const sent = chats.flatMap((id) =>
        [1, 2, 3].map((n) => emulator.clientSends({ ...alice, id }, { text: `m${n}` })),
      );
      await call('setWebhook', { url, max_connections: 3 });
      await eventually(() => sent.every((update) => emulator.isConfirmed(update.update_id)), {
        message: 'all confirmed',
      });

      const concurrency = Math.max(...posted.map((post) => post.concurrent));
      expect(concurrency).toBeGreaterThan(1);
      expect(concurrency).toBeLessThanOrEqual(3);
      for (const chatId of chats) {
        const messageIds = sent
          .filter((update) => update.message.chat.id === chatId)
          .map((update) => update.message.message_id);
        const delivered = posted.filter((post) => post.chatId === chatId).map((post) => post.messageId);
        // chat 7002's first post failed and was posted again before its later messages
        expect(delivered).toEqual(chatId === 7002 ? [messageIds[0], ...messageIds] : messageIds);
      }
      await call('deleteWebhook');
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  it('can be driven over HTTP by a page or another process', async () => {
    const update = await control('POST', 'client-messages', {
      user: alice,
      message: { location: { latitude: 55.75, longitude: 37.61 } },
    });
    expect(update.message.location).toEqual({ latitude: 55.75, longitude: 37.61 });
    await control('POST', 'blocked-chats', { chatId: 9 });
    expect((await call('sendMessage', { chat_id: 9, text: 'blocked' })).status).toBe(403);
    await control('POST', 'rate-limits', { globalPerSecond: 1 });
    await call('sendMessage', { chat_id: 8, text: 'hi' });
    expect((await call('sendMessage', { chat_id: 8, text: 'again' })).status).toBe(429);
    expect(await control('GET', 'bot-messages?chatId=8')).toEqual([expect.objectContaining({ text: 'hi', chatId: 8 })]);
    expect(await control('GET', 'stats')).toMatchObject({ delivered: 1, tooManyRequests: 1 });
    expect(await control('GET', 'updates')).toEqual({ pending: [update.update_id], served: [], confirmed: [] });
  });
});
