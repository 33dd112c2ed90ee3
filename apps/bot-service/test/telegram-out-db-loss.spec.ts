import { TicketRpc } from '@app/contracts';
import { eventually } from '@app/testing';
import { clientUser } from '@app/telegram-emulator';
import { BotStack } from './bot-stack';

/**
 * Telegram has no idempotency key: a message it accepted and we then forget is sent twice. A database
 * connection lost while Telegram answers must not make the bot forget (issue 13, item 2).
 */
describe('bot-service: Postgres drops its connections while Telegram is answering a send', () => {
  const stack = BotStack.forSpecFile(async (stack) => {
    // both log the terminated connections, which are expected here
    await stack.startTicketService({ LOG_LEVEL: 'silent' });
    // few connections: when every backend is terminated they all come back at once, on a shared Postgres
    await stack.startBot({
      LOG_LEVEL: 'silent',
      DATABASE_POOL_SIZE: '3',
      TELEGRAM_SEND_CONCURRENCY: '2',
      BOT_FORWARD_CONCURRENCY: '2',
    });
  });

  it('records the reply as delivered once, on a new connection, and never sends it again', async () => {
    const zoya = clientUser('Zoya');
    stack.telegram.clientSends(zoya, { text: 'Здравствуйте' });
    const { ticket } = await stack.waitForConversation(zoya, 1);
    await stack.waitForChat(zoya, 1);

    const hold = stack.telegram.holdSendAnswers();
    const reply = await stack.tickets.call(TicketRpc.Reply, {
      ticketId: ticket.id,
      employeeId: 7,
      text: 'Уже смотрим',
    });
    await eventually(() => hold.waiting() === 1, {
      timeoutMs: 15_000,
      message: 'the reply accepted by Telegram, its answer held',
    });
    expect(await stack.env.terminateDatabaseBackends()).toBeGreaterThan(0);
    hold.release();

    await eventually(
      async () =>
        (await stack.conversation(ticket.id)).find((message) => message.id === reply.id)?.deliveryStatus ===
        'delivered',
      { timeoutMs: 20_000, message: 'the reply reported delivered' },
    );
    // Another send would come at least one chat interval later; a later message proves the chat moved on.
    await stack.tickets.call(TicketRpc.Reply, { ticketId: ticket.id, employeeId: 7, text: 'Готово' });
    await stack.waitForChat(zoya, 3);
    expect(
      stack
        .chat(zoya)
        .map((message) => message.text)
        .slice(1),
    ).toEqual(['Уже смотрим', 'Готово']);
    expect(stack.attempts(zoya).filter((attempt) => attempt.status === 200)).toHaveLength(3);
  });
});
