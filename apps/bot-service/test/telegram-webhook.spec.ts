import { Sample, eventually, parsePrometheusText, total } from '@app/testing';
import { ClientUser, clientUser } from '@app/telegram-emulator';
import { BotStack, WEBHOOK_SECRET } from './bot-stack';

describe('bot-service: webhook mode', () => {
  const stack = BotStack.forSpecFile(async (stack) => {
    await stack.startTicketService();
    // An update nobody woke a forwarder for would wait a minute: every one here must be announced.
    await stack.startWebhookBot({ BOT_FORWARD_IDLE_POLL_MS: '60000' });
  });

  it('sets the webhook with its secret token at start, for as many connections as Telegram allows', async () => {
    await eventually(() => stack.telegram.webhook(), { message: 'webhook set' });
    expect(stack.telegram.webhook()).toEqual({
      url: stack.webhookUrl,
      secretToken: WEBHOOK_SECRET,
      maxConnections: 100,
    });
  });

  it('takes updates Telegram posts, in order, and answers the client', async () => {
    const ivan = clientUser('Ivan');
    stack.telegram.clientSends(ivan, { command: 'start' });
    const updates = ['раз', 'два', 'три'].map((text) => stack.telegram.clientSends(ivan, { text }));
    const { ticket, messages } = await stack.waitForConversation(ivan, 3);
    expect(messages.map((message) => message.text)).toEqual(['раз', 'два', 'три']);
    expect(await stack.waitForChat(ivan, 2)).toEqual([
      expect.stringMatching(/^Здравствуйте, Ivan!/),
      expect.stringContaining(`#${ticket.id}`),
    ]);
    await eventually(() => updates.every((update) => stack.telegram.isConfirmed(update.update_id)));
  });

  it("hands on a fast writer's messages as they come, none left for the forwarder's idle poll", async () => {
    // Telegram posts a chat's next update once the last is acknowledged, i.e. stored: it is often stored while
    // a forwarder still holds the chat for the one before, so no claim could take it yet. That forwarder must
    // look again once it lets go; left to the idle poll (a minute here), the conversation would stall.
    const fast = clientUser('Fast');
    const texts = Array.from({ length: 20 }, (_, i) => `fast ${i + 1}`);
    for (const text of texts) stack.telegram.clientSends(fast, { text });
    const { messages } = await stack.waitForConversation(fast, texts.length, 8000);
    expect(messages.map((message) => message.text)).toEqual(texts);
  });

  it('hands on what many clients write at once, none left for the idle poll', async () => {
    // Every stored update must reach a forwarder by a wake, or be picked up by the forwarder holding its chat
    // (the interleavings themselves are in update-forwarder.spec): with a minute's idle poll, one left behind
    // fails this.
    const users = Array.from({ length: 30 }, (_, i) => clientUser(`Crowd${i}`));
    const texts = (user: ClientUser) => Array.from({ length: 8 }, (_, i) => `${user.first_name}: ${i + 1}`);
    for (let i = 0; i < 8; i += 1) for (const user of users) stack.telegram.clientSends(user, { text: texts(user)[i] });
    for (const user of users) {
      const { messages } = await stack.waitForConversation(user, 8, 20_000);
      expect(messages.map((message) => message.text)).toEqual(texts(user));
    }
  });

  it('ignores an update Telegram posts again', async () => {
    const ann = clientUser('Ann', 'en');
    const start = stack.telegram.clientSends(ann, { command: 'start' });
    await stack.waitForChat(ann, 1);
    stack.telegram.redeliver(start.update_id);
    stack.telegram.clientSends(ann, { text: 'after the redelivery' });
    await stack.waitForConversation(ann, 1);
    await stack.waitForChat(ann, 2);
    expect(stack.chat(ann).map((message) => message.text)).toEqual([
      expect.stringMatching(/^Hello, Ann!/),
      expect.stringMatching(/^Your request #/),
    ]);
  });

  it('answers a body that is not JSON with 400 and a code, sets a deep one aside, and keeps taking updates', async () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(stack.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body,
      });
    const answer = async (response: Response) => ({
      status: response.status,
      body: (await response.json()) as unknown,
    });
    for (const body of ['{"update_id": 1,', '\u0000']) {
      expect(await answer(await post(body))).toEqual({
        status: 400,
        body: expect.objectContaining({ statusCode: 400, code: 'VALIDATION_FAILED' }),
      });
    }
    expect(await answer(await post('<update_id>1</update_id>', 'application/xml'))).toEqual({
      status: 415,
      body: expect.objectContaining({ statusCode: 415, code: 'VALIDATION_FAILED' }),
    });
    // JSON, but no update: acknowledged (Telegram would post it again forever) and kept for a person to look at
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect((await post(deep)).status).toBe(200);
    expect(
      await stack.query(`SELECT stage, reason FROM bot.set_aside_updates WHERE reason LIKE '%received array'`),
    ).toEqual([{ stage: 'malformed', reason: 'update: Expected object, received array' }]);

    const olga = clientUser('Olga');
    stack.telegram.clientSends(olga, { text: 'still there?' });
    const { messages } = await stack.waitForConversation(olga, 1);
    expect(messages.map((message) => message.text)).toEqual(['still there?']);
  });

  it('refuses a request without the right secret token with 403, and acknowledges a body that is no update, setting it aside', async () => {
    const scrape = async (): Promise<Sample[]> =>
      parsePrometheusText(await (await fetch(await stack.botUrl('/metrics'))).text());
    const before = await scrape();
    const intruder = clientUser('Intruder');
    const update = {
      update_id: 1,
      message: { message_id: 1, date: 1, chat: { id: intruder.id, type: 'private' }, text: 'hi' },
    };
    expect((await stack.postToWebhook(update, 'wrong-secret-0123456789')).status).toBe(403);
    expect((await stack.postToWebhook(update, null)).status).toBe(403);
    expect((await stack.postToWebhook({ hello: 'world' })).status).toBe(200);
    expect(
      await stack.query(`SELECT stage, payload FROM bot.set_aside_updates WHERE payload = '{"hello":"world"}'`),
    ).toEqual([{ stage: 'malformed', payload: '{"hello":"world"}' }]);
    const stored = await stack.query('SELECT 1 FROM bot.inbound_updates WHERE chat_id = $1', [intruder.id]);
    expect(stored).toEqual([]);

    // what an operator's Prometheus sees of it: the webhook by its route, the refusals by status
    const after = await scrape();
    const posts = (status: string) => {
      const labels = { method: 'POST', route: '/telegram/webhook', status };
      return (
        total(after, 'desk_http_request_duration_seconds_count', labels) -
        total(before, 'desk_http_request_duration_seconds_count', labels)
      );
    };
    expect({ refused: posts('403'), acknowledged: posts('200') >= 1 }).toEqual({ refused: 2, acknowledged: true });
    await eventually(async () => total(await scrape(), 'desk_bot_updates_set_aside', { stage: 'malformed' }) === 1, {
      message: 'the set-aside update counted',
    });
  });
});
