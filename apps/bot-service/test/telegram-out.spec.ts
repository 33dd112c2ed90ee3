import { MessageView, TicketRpc } from '@app/contracts';
import { ClientUser, clientUser } from '@app/telegram-emulator';
import { eventually } from '@app/testing';
import { BotStack } from './bot-stack';

const EMPLOYEE = 7;

describe('bot-service: from ticket-service to Telegram', () => {
  // status notices alone; the survey that follows a close is satisfaction.spec.ts's
  const stack = BotStack.forSpecFile([{ TELEGRAM_SEND_MAX_ATTEMPTS: '3', CSAT_ENABLED: 'false' }]);

  afterEach(() => {
    stack.telegram.setRateLimits({});
  });

  /** The client writes; returns the new ticket's id once the client has been told its number. */
  const openTicket = async (user: ClientUser): Promise<number> => {
    stack.telegram.clientSends(user, { text: 'Помогите' });
    const { ticket } = await stack.waitForConversation(user, 1);
    await stack.waitForChat(user, 1);
    return ticket.id;
  };
  const reply = (ticketId: number, text: string) =>
    stack.tickets.call(TicketRpc.Reply, { ticketId, employeeId: EMPLOYEE, text });
  const outboundOf = async (ticketId: number, messageId: number): Promise<MessageView | undefined> =>
    (await stack.conversation(ticketId)).find((message) => message.id === messageId);
  const waitForDelivery = (ticketId: number, messageId: number, status: 'delivered' | 'failed') =>
    eventually(
      async () => (await outboundOf(ticketId, messageId))?.deliveryStatus === status && outboundOf(ticketId, messageId),
      {
        message: `message ${messageId} ${status}`,
      },
    );

  it('tells the client every status change with the ticket number, in Russian', async () => {
    const ivan = clientUser('Ivan', 'ru');
    const ticketId = await openTicket(ivan);
    await stack.tickets.call(TicketRpc.ChangeStatus, { ticketId, status: 'in_progress', employeeId: EMPLOYEE });
    await stack.tickets.call(TicketRpc.ChangeStatus, { ticketId, status: 'open', employeeId: EMPLOYEE });
    await stack.tickets.call(TicketRpc.ChangeStatus, { ticketId, status: 'closed', employeeId: EMPLOYEE });
    expect((await stack.waitForChat(ivan, 4)).slice(1)).toEqual([
      `Статус обращения #${ticketId}: В работе`,
      `Статус обращения #${ticketId}: Открыт`,
      `Статус обращения #${ticketId}: Закрыт`,
    ]);
  });

  it('and in English to an English client', async () => {
    const ann = clientUser('Ann', 'en');
    const ticketId = await openTicket(ann);
    await stack.tickets.call(TicketRpc.ChangeStatus, { ticketId, status: 'in_progress', employeeId: EMPLOYEE });
    await stack.tickets.call(TicketRpc.ChangeStatus, { ticketId, status: 'closed', employeeId: EMPLOYEE });
    expect(await stack.waitForChat(ann, 3)).toEqual([
      `Your request #${ticketId} has been created. Our team will answer you here.`,
      `Request #${ticketId} status: In progress`,
      `Request #${ticketId} status: Closed`,
    ]);
  });

  it('delivers an employee reply as plain text and reports it delivered', async () => {
    const olga = clientUser('Olga');
    const ticketId = await openTicket(olga);
    const text = 'Проверьте, что 2 < 3 и <b>не</b> нажимайте & </i>';
    const message = await reply(ticketId, text);
    await stack.waitForChat(olga, 2);
    expect(stack.chat(olga)[1]).toMatchObject({ text, parseMode: null });
    expect(await waitForDelivery(ticketId, message.id, 'delivered')).toMatchObject({ deliveryError: null });
  });

  it('splits a reply over 4096 characters into messages that add up to it, and reports it delivered', async () => {
    const petr = clientUser('Petr');
    const ticketId = await openTicket(petr);
    const text = Array.from({ length: 900 }, (_, i) => `слово${String(i).padStart(4, '0')}`).join(' ');
    expect(text.length).toBe(8999);
    const message = await reply(ticketId, text);
    await waitForDelivery(ticketId, message.id, 'delivered');
    const parts = stack.chat(petr).slice(1);
    expect(parts).toHaveLength(3);
    expect(parts.every((part) => part.text.length <= 4096)).toBe(true);
    expect(parts.map((part) => part.text).join('')).toBe(text);
  });

  it('keeps one chat’s messages in order', async () => {
    const max = clientUser('Max');
    const ticketId = await openTicket(max);
    const texts = Array.from({ length: 12 }, (_, i) => `ответ ${i + 1}`);
    for (const text of texts) await reply(ticketId, text);
    expect((await stack.waitForChat(max, 1 + texts.length)).slice(1)).toEqual(texts);
  });

  it('waits out a 429 for its retry_after, then delivers everything in order', async () => {
    const lena = clientUser('Lena');
    const ticketId = await openTicket(lena);
    stack.telegram.setRateLimits({ perChatPerSecond: 1 });
    const texts = ['первый', 'второй', 'третий'];
    for (const text of texts) await reply(ticketId, text);
    expect((await stack.waitForChat(lena, 4)).slice(1)).toEqual(texts);

    const attempts = stack.attempts(lena);
    const limited = attempts.filter((attempt) => attempt.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const refusal of limited) {
      const next = attempts.find((attempt) => attempt.at > refusal.at);
      expect(next!.at - refusal.at).toBeGreaterThanOrEqual(refusal.retryAfter! * 1000);
    }
    expect(attempts.filter((attempt) => attempt.status === 200)).toHaveLength(4);
  });

  it('does not retry when the client blocked the bot, reports the reply failed, and delivers again once the client is back', async () => {
    const vera = clientUser('Vera');
    const ticketId = await openTicket(vera);
    stack.telegram.blockChat(vera.id);
    const message = await reply(ticketId, 'вы нас заблокировали');
    const failed = await waitForDelivery(ticketId, message.id, 'failed');
    expect(failed?.deliveryError).toMatch(/blocked by the user/);
    expect(stack.attempts(vera).filter((attempt) => attempt.status === 403)).toHaveLength(1);

    stack.telegram.blockChat(vera.id, false);
    stack.telegram.clientSends(vera, { text: 'я вернулась' });
    await stack.waitForConversation(vera, 2);
    const after = await reply(ticketId, 'с возвращением');
    await waitForDelivery(ticketId, after.id, 'delivered');
    expect(stack.chat(vera).map((sent) => sent.text)).toEqual([
      expect.stringContaining(`#${ticketId}`),
      'с возвращением',
    ]);
  });

  it('retries other failures with backoff, and reports failure after the last attempt', async () => {
    const nina = clientUser('Nina');
    const ticketId = await openTicket(nina);
    stack.telegram.failNextSends(2, 502, 'Bad Gateway');
    const survived = await reply(ticketId, 'дойдёт с третьей попытки');
    await waitForDelivery(ticketId, survived.id, 'delivered');
    expect(
      stack
        .attempts(nina)
        .slice(1)
        .map((attempt) => attempt.status),
    ).toEqual([502, 502, 200]);

    stack.telegram.failNextSends(3, 500, 'Internal Server Error');
    const lost = await reply(ticketId, 'не дойдёт');
    const failed = await waitForDelivery(ticketId, lost.id, 'failed');
    expect(failed?.deliveryError).toBe('Internal Server Error');
    expect(
      stack
        .attempts(nina)
        .slice(4)
        .map((attempt) => attempt.status),
    ).toEqual([500, 500, 500]);
  });
});
