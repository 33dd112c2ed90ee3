import { ClientUser, clientUser } from '@app/telegram-emulator';
import { eventually } from '@app/testing';
import { BotStack, NON_POLLING_REPLICA } from './bot-stack';

/**
 * Updates arriving together are stored together and handed to ticket-service in batches, by several
 * forwarders in each of two bot-service replicas: what each client sees must not change.
 */
describe('bot-service: many clients at once, two replicas', () => {
  // A second replica that only forwards (Telegram's updates come to the first one by polling).
  const stack = BotStack.forSpecFile([
    { BOT_FORWARD_CONCURRENCY: '3' },
    { BOT_FORWARD_CONCURRENCY: '3', ...NON_POLLING_REPLICA },
  ]);

  const texts = (user: ClientUser, count: number) =>
    Array.from({ length: count }, (_, i) => `${user.first_name}: ${i + 1}`);
  const writeInTurns = (users: ClientUser[], count: number) => {
    for (let i = 0; i < count; i += 1)
      for (const user of users) stack.telegram.clientSends(user, { text: texts(user, count)[i] });
  };
  const expectConversations = async (users: ClientUser[], count: number) => {
    for (const user of users) {
      const { messages } = await stack.waitForConversation(user, count, 30_000);
      expect(messages.map((message) => message.text)).toEqual(texts(user, count));
    }
  };

  it("stores a burst of updates together, ignores a redelivered one among them, and keeps every client's order", async () => {
    const early = clientUser('Early');
    const first = stack.telegram.clientSends(early, { text: 'only once' });
    await eventually(() => stack.telegram.isConfirmed(first.update_id));

    const users = Array.from({ length: 30 }, (_, i) => clientUser(`Burst${i}`));
    stack.telegram.redeliver(first.update_id);
    writeInTurns(users, 4);

    await expectConversations(users, 4);
    expect((await stack.waitForConversation(early, 1)).messages.map((message) => message.text)).toEqual(['only once']);
    const [{ updates, commits }] = await stack.query<{ updates: number; commits: number }>(
      `SELECT count(*)::int AS updates, count(DISTINCT received_at)::int AS commits FROM bot.inbound_updates WHERE chat_id = ANY($1)`,
      [users.map((user) => user.id)],
    );
    expect(updates).toBe(120);
    // a client's next update waits for its previous one to be stored, so at least 4 transactions
    expect(commits).toBeLessThan(20);
  });

  it('forwards many chats with several forwarders in two replicas, each chat in order', async () => {
    const users = Array.from({ length: 20 }, (_, i) => clientUser(`Many${i}`));
    writeInTurns(users, 15);
    await expectConversations(users, 15);
  });

  it('keeps what many clients wrote while ticket-service was down and hands it on, in order, when it is back', async () => {
    await stack.stopTicketService();
    const users = Array.from({ length: 10 }, (_, i) => clientUser(`Down${i}`));
    writeInTurns(users, 6);
    await eventually(
      async () => {
        const [{ waiting, tried }] = await stack.query<{ waiting: number; tried: number }>(
          `SELECT count(*)::int AS waiting, count(*) FILTER (WHERE attempts > 0)::int AS tried
           FROM bot.inbound_updates WHERE chat_id = ANY($1) AND forwarded_at IS NULL`,
          [users.map((user) => user.id)],
        );
        return waiting === 60 && tried > 0;
      },
      { message: 'all 60 updates stored and waiting, the forwarders tried' },
    );

    await stack.startTicketService();
    await expectConversations(users, 6);
  });

  it('sets aside an update ticket-service could never take and hands on the ones around it', async () => {
    const rita = clientUser('Rita');
    await stack.stopTicketService();
    stack.telegram.clientSends(rita, { text: 'before' });
    const tooLong = stack.telegram.clientSends(rita, { text: 'x'.repeat(20_001) });
    stack.telegram.clientSends(rita, { text: 'after' });
    await eventually(() => stack.telegram.isConfirmed(tooLong.update_id + 1), { message: 'all three stored' });
    await stack.startTicketService();

    const { messages } = await stack.waitForConversation(rita, 2);
    expect(messages.map((message) => message.text)).toEqual(['before', 'after']);
    // the batch is marked in the bot after ticket-service answered, so the mark can trail the conversation
    const setAside = await eventually(
      async () => {
        const [row] = await stack.query<{ forwarded: boolean; last_error: string | null }>(
          'SELECT forwarded_at IS NOT NULL AS forwarded, last_error FROM bot.inbound_updates WHERE update_id = $1',
          [tooLong.update_id],
        );
        return row.forwarded ? row : undefined;
      },
      { message: 'the too-long update marked' },
    );
    expect(setAside).toEqual({ forwarded: true, last_error: expect.stringMatching(/^rejected: .*text/) });
  });
});
