import { TicketRpc } from '@app/contracts';
import { BotStack, busiestWindow, clientUser } from './bot-stack';

const PER_CHAT = 2;
const GLOBAL = 5;

describe('bot-service: Telegram rate limits', () => {
  let stack: BotStack;

  beforeAll(async () => {
    stack = await BotStack.create();
    await stack.startTicketService();
    const limits = { TELEGRAM_RATE_PER_CHAT: String(PER_CHAT), TELEGRAM_RATE_GLOBAL: String(GLOBAL) };
    await stack.startBot(limits);
    // A second replica that only sends and forwards (its webhook is someone else's business): the two
    // compete for the events and the queued messages, and must keep the limits and the order together.
    await stack.startBot({
      ...limits,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: 'https://desk.example/hook',
      TELEGRAM_WEBHOOK_SECRET: 'not-used-0123456789',
      TELEGRAM_SET_WEBHOOK: 'false',
    });
  });

  afterAll(async () => {
    await stack?.dispose();
  });

  it('never sends more than the configured rate, per chat or overall, in any second, with two replicas sending', async () => {
    const clients = Array.from({ length: 5 }, (_, i) => clientUser(`Client${i}`));
    for (const client of clients) {
      stack.telegram.clientSends(client, { command: 'start' });
      stack.telegram.clientSends(client, { text: 'вопрос' });
    }
    const tickets = await Promise.all(clients.map(async (client) => (await stack.waitForConversation(client, 1)).ticket.id));
    for (const ticketId of tickets) {
      for (const text of ['ответ 1', 'ответ 2', 'ответ 3']) await stack.tickets.call(TicketRpc.Reply, { ticketId, employeeId: 1, text });
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
