import { eventually } from '@app/testing';
import { clientUser, telegramFrom } from '@app/telegram-emulator';
import { BotStack } from './bot-stack';

/** Issue 13, items 3 and 5: one update the bot cannot serve as it came must never stop the others. */
describe('bot-service (polling): text Postgres cannot hold', () => {
  const stack = BotStack.forSpecFile();

  it('stores U+0000 and lone surrogates as U+FFFD, and the next client is served as usual', async () => {
    const nul = clientUser('Nul');
    const lone = clientUser('Lone');
    const next = clientUser('Next');
    const first = stack.telegram.clientSends(nul, { text: 'before\u0000after' });
    const second = stack.telegram.clientSends(lone, { text: 'half \ud800 an emoji 👋', caption: undefined });
    stack.telegram.clientSends(next, { text: 'обычное сообщение' });

    const { messages } = await stack.waitForConversation(next, 1, 30_000);
    expect(messages.map((message) => message.text)).toEqual(['обычное сообщение']);
    expect((await stack.waitForConversation(nul, 1)).messages.map((message) => message.text)).toEqual([
      'before\uFFFDafter',
    ]);
    expect((await stack.waitForConversation(lone, 1)).messages.map((message) => message.text)).toEqual([
      'half \uFFFD an emoji 👋',
    ]);
    await eventually(() => stack.telegram.isConfirmed(first.update_id) && stack.telegram.isConfirmed(second.update_id));
  });
});

describe('bot-service (webhook): malformed updates that carry the right secret', () => {
  // what is set aside is logged as an error, which is expected here
  const stack = BotStack.forSpecFile(async (stack) => {
    await stack.startTicketService();
    await stack.startWebhookBot({ LOG_LEVEL: 'silent' });
  });

  it('acknowledges each at once with 200, sets it aside naming the field, and serves the next update', async () => {
    const user = clientUser('Fuzz');
    const message = {
      message_id: 1,
      date: 1_733_000_000,
      chat: { id: user.id, type: 'private' },
      from: telegramFrom(user),
      text: 'hi',
    };
    const malformed: [unknown, RegExp][] = [
      [{ message: {} }, /^message\.message_id/],
      [{ message: null }, /^message: Expected object/],
      [{ message: 'hi' }, /^message: Expected object/],
      [{ message: { ...message, chat: undefined } }, /^message\.chat: Required/],
      [{ message: { ...message, chat: { id: 'abc', type: 'private' } } }, /^message\.chat\.id/],
      [{ message: { ...message, chat: { id: 1e30, type: 'private' } } }, /^message\.chat\.id: must be a safe integer/],
      [{ message: { ...message, chat: { id: 1.5, type: 'private' } } }, /^message\.chat\.id: Expected integer/],
      [
        { message: { ...message, from: { ...message.from, language_code: { en: true } } } },
        /^message\.from\.language_code/,
      ],
    ];
    let updateId = 900_000;
    for (const [body, reason] of malformed) {
      updateId += 1;
      const startedAt = Date.now();
      const response = await stack.postToWebhook({ update_id: updateId, ...(body as object) });
      expect({ status: response.status, fast: Date.now() - startedAt < 3000 }).toEqual({ status: 200, fast: true });
      const [kept] = await stack.query<{ stage: string; reason: string }>(
        'SELECT stage, reason FROM bot.set_aside_updates WHERE update_id = $1',
        [updateId],
      );
      expect(kept).toEqual({ stage: 'malformed', reason: expect.stringMatching(reason) });
    }

    // text with U+0000 is no longer malformed: it is stored, made storable
    expect(
      (await stack.postToWebhook({ update_id: updateId + 1, message: { ...message, text: 'nul\u0000here' } })).status,
    ).toBe(200);
    expect(
      (await stack.postToWebhook({ update_id: updateId + 2, message: { ...message, message_id: 2, text: 'and then' } }))
        .status,
    ).toBe(200);
    const { messages } = await stack.waitForConversation(user, 2, 30_000);
    expect(messages.map((stored) => stored.text)).toEqual(['nul\uFFFDhere', 'and then']);
  });
});
