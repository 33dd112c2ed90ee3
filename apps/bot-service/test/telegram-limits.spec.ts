import { TicketRpc } from '@app/contracts';
import { clientUser } from '@app/telegram-emulator';
import { BotStack, NON_POLLING_REPLICA, busiestWindow } from './bot-stack';

const PER_CHAT = 2;
const GLOBAL = 5;

describe('bot-service: Telegram rate limits', () => {
  const limits = { TELEGRAM_RATE_PER_CHAT: String(PER_CHAT), TELEGRAM_RATE_GLOBAL: String(GLOBAL) };
  // The second replica competes with the first for the events and the queued messages: together they must
  // keep the limits and the order.
  const stack = BotStack.forSpecFile([limits, { ...limits, ...NON_POLLING_REPLICA }]);

  it('never sends more than the configured rate, per chat or overall, in any second, with two replicas sending', async () => {
    const clients = Array.from({ length: 5 }, (_, i) => clientUser(`Client${i}`));
    for (const client of clients) {
      stack.telegram.clientSends(client, { command: 'start' });
      stack.telegram.clientSends(client, { text: 'вопрос' });
    }
    const tickets = await Promise.all(
      clients.map(async (client) => (await stack.waitForConversation(client, 1)).ticket.id),
    );
    for (const ticketId of tickets) {
      for (const text of ['ответ 1', 'ответ 2', 'ответ 3'])
        await stack.tickets.call(TicketRpc.Reply, { ticketId, employeeId: 1, text });
    }
    // greeting, "ticket created", three replies
    await Promise.all(clients.map((client) => stack.waitForChat(client, 5, 30_000)));

    const attempts = stack.attempts();
    expect(attempts).toHaveLength(clients.length * 5);
    expect(busiestWindow(attempts.map((attempt) => attempt.at))).toBeLessThanOrEqual(GLOBAL);
    for (const client of clients) {
      expect(busiestWindow(stack.attempts(client).map((attempt) => attempt.at))).toBeLessThanOrEqual(PER_CHAT);
      expect((await stack.waitForChat(client, 5)).slice(2)).toEqual(['ответ 1', 'ответ 2', 'ответ 3']);
    }
  });
});
