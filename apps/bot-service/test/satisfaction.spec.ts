import { TicketRpc, TicketView, csatCallbackData } from '@app/contracts';
import { BotMessage, ClientUser, clientUser } from '@app/telegram-emulator';
import { eventually } from '@app/testing';
import { BotStack } from './bot-stack';

const EMPLOYEE = 7;

describe('bot-service: the satisfaction survey in Telegram', () => {
  const stack = BotStack.forSpecFile();

  const ticket = (ticketId: number): Promise<TicketView> => stack.tickets.call(TicketRpc.GetTicket, { ticketId });

  /** The client writes, an employee closes the ticket; returns it and the survey the client got. */
  async function closedTicket(user: ClientUser, text = 'Помогите'): Promise<{ ticketId: number; survey: BotMessage }> {
    const before = stack.chat(user).length;
    stack.telegram.clientSends(user, { text });
    const ticketId = await eventually(async () => {
      const active = await stack.ticketOf(user);
      return active && active.status !== 'closed' && active.id;
    });
    await eventually(() => stack.chat(user).length > before, { message: 'ticket number told' });
    await stack.tickets.call(TicketRpc.ChangeStatus, { ticketId, status: 'closed', employeeId: EMPLOYEE });
    const survey = await eventually(
      () => stack.chat(user).find((message) => message.replyMarkup && message.text.includes(`#${ticketId}`)),
      {
        message: `the survey of #${ticketId}`,
      },
    );
    return { ticketId, survey };
  }

  const answersTo = (update: { callback_query: { id: string } }) =>
    eventually(() => stack.telegram.callbackAnswers(update.callback_query.id)[0], { message: 'the tap answered' });

  it('asks for a 1–5 rating with buttons right after the close notice, in the client’s language', async () => {
    const ivan = clientUser('Ivan', 'ru');
    const ann = clientUser('Ann', 'en');
    const ru = await closedTicket(ivan);
    const en = await closedTicket(ann);

    const ivanChat = stack.chat(ivan).map((message) => message.text);
    expect(ivanChat.slice(-2)).toEqual([
      `Статус обращения #${ru.ticketId}: Закрыт`,
      `Оцените, пожалуйста, как мы помогли по обращению #${ru.ticketId}: от 1 (плохо) до 5 (отлично).`,
    ]);
    expect(en.survey.text).toBe(
      `How well did we help with your request #${en.ticketId}? Rate us from 1 (poor) to 5 (excellent).`,
    );
    expect(ru.survey.replyMarkup?.inline_keyboard).toEqual([
      [1, 2, 3, 4, 5].map((rating) => ({ text: `${rating} ★`, callback_data: `csat:${ru.ticketId}:${rating}` })),
    ]);
  });

  it('records a tap once: the button stops spinning, the client is thanked, a second tap changes nothing and says so', async () => {
    const olga = clientUser('Olga', 'ru');
    const { ticketId, survey } = await closedTicket(olga);

    const first = stack.telegram.clientTaps(olga, survey, csatCallbackData(ticketId, 4));
    expect(await answersTo(first)).toMatchObject({ text: `Спасибо! Оценка обращения #${ticketId}: 4` });
    await eventually(() =>
      stack.chat(olga).at(-1)?.text.startsWith(`Спасибо за оценку обращения #${ticketId}: ★★★★ (4 из 5)`),
    );
    expect((await ticket(ticketId)).satisfaction).toEqual({ rating: 4, comment: null, ratedAt: expect.any(String) });
    // the tap was stored before Telegram was told, like any update
    expect(stack.telegram.isConfirmed(first.update_id)).toBe(true);

    const second = stack.telegram.clientTaps(olga, survey, csatCallbackData(ticketId, 1));
    expect(await answersTo(second)).toMatchObject({
      text: `Обращение #${ticketId} уже оценено (4 из 5); оценка не изменилась.`,
    });
    expect((await ticket(ticketId)).satisfaction).toMatchObject({ rating: 4 });
  });

  it('rates the ticket an old survey was sent for, even after the client opened a new one', async () => {
    const petr = clientUser('Petr', 'en');
    const old = await closedTicket(petr, 'first problem');
    stack.telegram.clientSends(petr, { text: 'second problem' });
    const current = await eventually(async () => {
      const active = await stack.ticketOf(petr);
      return active && active.id !== old.ticketId && active;
    });

    const tap = stack.telegram.clientTaps(petr, old.survey, csatCallbackData(old.ticketId, 2));
    expect(await answersTo(tap)).toMatchObject({ text: `Thank you! Request #${old.ticketId} rated 2` });
    expect((await ticket(old.ticketId)).satisfaction).toMatchObject({ rating: 2 });
    expect((await ticket(current.id)).satisfaction).toBeNull();
    // and with a ticket active, the next message is the ticket's, not a comment
    stack.telegram.clientSends(petr, { text: 'more about the second problem' });
    await eventually(async () => (await stack.conversation(current.id)).length === 2);
    expect((await ticket(old.ticketId)).satisfaction).toMatchObject({ comment: null });
  });

  it('takes the next message within 10 minutes of rating as the comment, and the one after as a new ticket', async () => {
    const nina = clientUser('Nina', 'ru');
    const { ticketId, survey } = await closedTicket(nina);
    stack.telegram.clientTaps(nina, survey, csatCallbackData(ticketId, 5));
    await eventually(async () => (await ticket(ticketId)).satisfaction !== null);

    stack.telegram.clientSends(nina, { text: 'Всё быстро, спасибо!' });
    await eventually(async () => (await ticket(ticketId)).satisfaction?.comment === 'Всё быстро, спасибо!', {
      message: 'the comment',
    });
    await eventually(
      () => stack.chat(nina).at(-1)?.text === `Спасибо, ваш комментарий добавлен к обращению #${ticketId}.`,
    );
    expect((await stack.conversation(ticketId)).at(-1)).toMatchObject({
      direction: 'inbound',
      text: 'Всё быстро, спасибо!',
    });

    stack.telegram.clientSends(nina, { text: 'А ещё вопрос' });
    const next = await eventually(async () => {
      const active = await stack.ticketOf(nina);
      return active && active.id !== ticketId && active;
    });
    expect(next).toMatchObject({ status: 'open', lastMessagePreview: 'А ещё вопрос' });
    expect((await ticket(ticketId)).satisfaction?.comment).toBe('Всё быстро, спасибо!');
  });

  it('opens a new ticket for a message sent more than 10 minutes after rating', async () => {
    const oleg = clientUser('Oleg', 'ru');
    const { ticketId, survey } = await closedTicket(oleg);
    stack.telegram.clientTaps(oleg, survey, csatCallbackData(ticketId, 3));
    await eventually(async () => (await ticket(ticketId)).satisfaction !== null);
    // eleven minutes pass
    await stack.query(`UPDATE ticket.tickets SET rated_at = rated_at - interval '11 minutes' WHERE id = $1`, [
      ticketId,
    ]);

    stack.telegram.clientSends(oleg, { text: 'Новый вопрос' });
    const next = await eventually(async () => {
      const active = await stack.ticketOf(oleg);
      return active && active.id !== ticketId && active;
    });
    expect(next.lastMessagePreview).toBe('Новый вопрос');
    expect((await ticket(ticketId)).satisfaction).toMatchObject({ rating: 3, comment: null });
  });

  it('answers a tap on a survey that is not the client’s own without rating anything', async () => {
    const owner = clientUser('Vera', 'en');
    const stranger = clientUser('Gleb', 'en');
    const { ticketId, survey } = await closedTicket(owner);
    const tap = stack.telegram.clientTaps(stranger, { ...survey, chatId: stranger.id }, csatCallbackData(ticketId, 1));
    expect(await answersTo(tap)).toMatchObject({ text: 'This survey is no longer valid.' });
    expect((await ticket(ticketId)).satisfaction).toBeNull();
  });

  describe('with CSAT_ENABLED=false and business hours that are not now', () => {
    // a weekday other than today, in UTC: now is outside these hours, whatever the time of day
    const today = new Date().getUTCDay();
    const otherDay = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][(today + 3) % 7];

    beforeAll(async () => {
      await stack.stopBots();
      await stack.stopTicketService();
      await stack.startTicketService({ BUSINESS_HOURS: `Europe/Moscow ${otherDay} 09:00-18:00` });
      await stack.startBot({ CSAT_ENABLED: 'false' });
    });

    it('tells a client who writes outside business hours when to expect an answer, in their language', async () => {
      const ann = clientUser('Anna', 'en');
      const ivan = clientUser('Ilya', 'ru');
      stack.telegram.clientSends(ann, { text: 'Hello?' });
      stack.telegram.clientSends(ivan, { text: 'Здравствуйте' });
      const [, annNotice] = await stack.waitForChat(ann, 2);
      const [, ivanNotice] = await stack.waitForChat(ivan, 2);
      // the next such weekday, 09:00 on the team's clock (Moscow, UTC+3)
      expect(annNotice).toMatch(
        new RegExp(
          `^We are outside working hours now\\. Expect an answer after we open: ${otherDay} \\d{1,2} \\w+ at 09:00 GMT\\+3\\.$`,
        ),
      );
      expect(ivanNotice).toMatch(
        /^Сейчас нерабочее время\. Сотрудник ответит после начала рабочего дня: \S+, \d{1,2} \S+ в 09:00 GMT\+3\.$/,
      );
    });

    it('sends no survey on close', async () => {
      const max = clientUser('Max', 'en');
      stack.telegram.clientSends(max, { text: 'Hi' });
      const { ticket: opened } = await stack.waitForConversation(max, 1);
      await stack.waitForChat(max, 2);
      await stack.tickets.call(TicketRpc.ChangeStatus, { ticketId: opened.id, status: 'closed', employeeId: EMPLOYEE });
      await stack.waitForChat(max, 3);
      // a message queued after the close notice arrives after it: nothing came in between
      await stack.tickets.call(TicketRpc.Reply, {
        ticketId: (await reopenWith(max)).id,
        employeeId: EMPLOYEE,
        text: 'marker',
      });
      const chat = await eventually(
        () => stack.chat(max).some((message) => message.text === 'marker') && stack.chat(max),
      );
      expect(chat.filter((message) => message.replyMarkup !== null)).toEqual([]);
      expect(chat[2].text).toBe(`Request #${opened.id} status: Closed`);
    });

    async function reopenWith(user: ClientUser): Promise<TicketView> {
      stack.telegram.clientSends(user, { text: 'again' });
      return eventually(async () => {
        const active = await stack.ticketOf(user);
        return active && active.status === 'open' && active;
      });
    }
  });
});
