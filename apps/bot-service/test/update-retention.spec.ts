import { eventually } from '@app/testing';
import { clientUser } from '@app/telegram-emulator';
import { UpdateRetention } from '../src/forwarding/update-retention';
import { BotStack } from './bot-stack';

describe('bot-service: forwarded updates are kept only for the retention period', () => {
  const stack = BotStack.forSpecFile([{ BOT_UPDATE_RETENTION_DAYS: '7' }]);

  it('deletes forwarded updates older than the retention, keeps newer ones and the conversation', async () => {
    const old = clientUser('Olga');
    const recent = clientUser('Rita');
    for (const text of ['first', 'second']) stack.telegram.clientSends(old, { text });
    stack.telegram.clientSends(recent, { text: 'hello' });
    await stack.waitForConversation(old, 2);
    await stack.waitForConversation(recent, 1);
    const forwarded = async (chatId: number) =>
      (await stack.query<{ n: number }>(`SELECT count(*)::int AS n FROM bot.inbound_updates WHERE chat_id = $1 AND forwarded_at IS NOT NULL`, [chatId]))[0].n;
    await eventually(async () => (await forwarded(old.id)) === 2 && (await forwarded(recent.id)) === 1);
    await stack.query(`UPDATE bot.inbound_updates SET forwarded_at = now() - interval '8 days' WHERE chat_id = $1`, [old.id]);

    const deleted = await stack.bots[0].get(UpdateRetention).prune();

    expect(deleted).toBe(2);
    expect(await forwarded(old.id)).toBe(0);
    expect(await forwarded(recent.id)).toBe(1);
    // What the client said is ticket-service's to keep, untouched by the bot's housekeeping.
    expect((await stack.waitForConversation(old, 2)).messages.map((m) => m.text)).toEqual(['first', 'second']);
  });
});
