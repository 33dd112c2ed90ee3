import { TicketRpc } from '@app/contracts';
import { eventually } from '@app/testing';
import { clientUser } from '@app/telegram-emulator';
import { FileDownloadRetention } from '../src/files/file-download-retention';
import { UpdateRetention } from '../src/forwarding/update-retention';
import { BotStack } from './bot-stack';

describe('bot-service: forwarded updates and finished downloads are kept only for the retention period', () => {
  const stack = BotStack.forSpecFile([{ BOT_UPDATE_RETENTION_DAYS: '7' }]);

  it('deletes forwarded updates older than the retention, keeps newer ones and the conversation', async () => {
    const old = clientUser('Olga');
    const recent = clientUser('Rita');
    for (const text of ['first', 'second']) stack.telegram.clientSends(old, { text });
    stack.telegram.clientSends(recent, { text: 'hello' });
    await stack.waitForConversation(old, 2);
    await stack.waitForConversation(recent, 1);
    const forwarded = async (chatId: number) =>
      (
        await stack.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM bot.inbound_updates WHERE chat_id = $1 AND forwarded_at IS NOT NULL`,
          [chatId],
        )
      )[0].n;
    await eventually(async () => (await forwarded(old.id)) === 2 && (await forwarded(recent.id)) === 1);
    await stack.query(`UPDATE bot.inbound_updates SET forwarded_at = now() - interval '8 days' WHERE chat_id = $1`, [
      old.id,
    ]);

    const deleted = await stack.bots[0].get(UpdateRetention).prune();

    expect(deleted).toBe(2);
    expect(await forwarded(old.id)).toBe(0);
    expect(await forwarded(recent.id)).toBe(1);
    // What the client said is ticket-service's to keep, untouched by the bot's housekeeping.
    expect((await stack.waitForConversation(old, 2)).messages.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('deletes finished downloads older than the retention, never one under way, and leaves the file with its message', async () => {
    const client = clientUser('Fedor');
    const bytes = Buffer.alloc(300_000, 7);
    stack.telegram.clientSends(client, { document: { file_name: 'scan.bin', bytes } });
    stack.telegram.clientSends(client, { document: { file_name: 'later.bin', bytes: Buffer.alloc(1000, 1) } });
    const ready = async () =>
      (await stack.waitForConversation(client, 2)).messages.filter((m) => m.attachment?.state === 'ready');
    await eventually(async () => (await ready()).length === 2, { timeoutMs: 30_000, message: 'both files stored' });
    const downloads = async () =>
      (
        await stack.query<{ telegram_message_id: string }>(
          `SELECT telegram_message_id FROM bot.file_downloads WHERE chat_id = $1 ORDER BY telegram_message_id`,
          [client.id],
        )
      ).map((row) => row.telegram_message_id);
    const [old, recent] = await downloads();
    await stack.query(
      `UPDATE bot.file_downloads SET finished_at = now() - interval '8 days' WHERE chat_id = $1 AND telegram_message_id = $2`,
      [client.id, old],
    );
    // one that never finished, queued long ago: still work to do, whatever its age
    await stack.query(
      `INSERT INTO bot.file_downloads (chat_id, telegram_message_id, telegram_file_id, store_file_id, created_at, next_attempt_at)
       VALUES ($1, 999999, 'never-ready', gen_random_uuid(), now() - interval '30 days', now() + interval '1 day')`,
      [client.id],
    );

    const deleted = await stack.bots[0].get(FileDownloadRetention).prune();

    expect(deleted).toBe(1);
    expect((await downloads()).sort()).toEqual([recent, '999999'].sort());
    // The employee still gets the file: its bytes are ticket-service's, kept with its message.
    const [first] = await ready();
    const chunk = await stack.tickets.call(TicketRpc.ReadAttachmentChunk, {
      ticketId: first.ticketId,
      messageId: first.id,
      index: 0,
    });
    expect(chunk.size).toBe(bytes.length);
  });
});
