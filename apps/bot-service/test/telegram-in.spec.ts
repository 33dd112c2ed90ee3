import { TcpProxy, eventually } from '@app/testing';
import { clientUser } from '@app/telegram-emulator';
import { BotStack } from './bot-stack';

describe('bot-service: from Telegram to ticket-service (long polling)', () => {
  /** bot-service's way to Postgres, to cut */
  let postgres: TcpProxy;
  const stack = BotStack.forSpecFile(async (stack) => {
    const database = new URL(stack.env.databaseUrl);
    postgres = await new TcpProxy(database.hostname, Number(database.port || 5432)).start();
    await stack.startTicketService();
    await stack.startBot({}, { postgres });
  });

  afterAll(async () => {
    await postgres?.stop();
  });

  it('/start registers the client and greets in Russian; the first message opens a ticket and tells its number', async () => {
    const ivan = clientUser('Ivan', 'ru', { last_name: 'Petrov' });
    const start = stack.telegram.clientSends(ivan, { command: 'start' });
    const [greeting] = await stack.waitForChat(ivan, 1);
    expect(greeting).toMatch(/^Здравствуйте, Ivan!/);
    await eventually(() => stack.telegram.isConfirmed(start.update_id), { message: '/start confirmed to Telegram' });

    stack.telegram.clientSends(ivan, { text: 'Не работает принтер' });
    const { ticket, messages } = await stack.waitForConversation(ivan, 1);
    expect(ticket.client).toMatchObject({
      telegramId: ivan.id,
      username: 'ivan',
      firstName: 'Ivan',
      lastName: 'Petrov',
      languageCode: 'ru',
    });
    expect(messages).toEqual([
      expect.objectContaining({ direction: 'inbound', kind: 'text', text: 'Не работает принтер' }),
    ]);
    expect((await stack.waitForChat(ivan, 2))[1]).toBe(`Создано обращение #${ticket.id}. Сотрудник ответит вам здесь.`);
  });

  it('speaks English to an English client', async () => {
    const ann = clientUser('Ann', 'en-GB');
    stack.telegram.clientSends(ann, { command: 'start' });
    stack.telegram.clientSends(ann, { text: 'My printer is broken' });
    const { ticket } = await stack.waitForConversation(ann, 1);
    expect(await stack.waitForChat(ann, 2)).toEqual([
      expect.stringMatching(/^Hello, Ann!/),
      `Your request #${ticket.id} has been created. Our team will answer you here.`,
    ]);
  });

  it('records a photo, a document, a voice message, a sticker, a location and a contact with their kind and file id', async () => {
    const olga = clientUser('Olga');
    const photo = stack.telegram.clientSends(olga, { photo: true, caption: 'чек' });
    const document = stack.telegram.clientSends(olga, { document: { file_name: 'act.pdf' } });
    const voice = stack.telegram.clientSends(olga, { voice: {} });
    stack.telegram.clientSends(olga, { sticker: { emoji: '👍' } });
    stack.telegram.clientSends(olga, { location: { latitude: 55.75, longitude: 37.61 } });
    stack.telegram.clientSends(olga, { contact: { phone_number: '+79001234567', first_name: 'Olga' } });

    const { messages } = await stack.waitForConversation(olga, 6);
    const photoSizes = photo.message.photo as { file_id: string }[];
    expect(messages.map(({ kind, text, fileId }) => ({ kind, text, fileId }))).toEqual([
      { kind: 'photo', text: 'чек', fileId: photoSizes[photoSizes.length - 1].file_id },
      { kind: 'document', text: null, fileId: (document.message.document as { file_id: string }).file_id },
      { kind: 'voice', text: null, fileId: (voice.message.voice as { file_id: string }).file_id },
      { kind: 'sticker', text: '👍', fileId: expect.any(String) },
      { kind: 'location', text: '55.75, 37.61', fileId: null },
      { kind: 'contact', text: 'Olga +79001234567', fileId: null },
    ]);
  });

  it('treats an unknown command as text and answers /help without opening a ticket', async () => {
    const petr = clientUser('Petr');
    stack.telegram.clientSends(petr, { command: 'help' });
    expect((await stack.waitForChat(petr, 1))[0]).toContain('/start');
    expect(await stack.ticketOf(petr)).toBeUndefined();

    stack.telegram.clientSends(petr, { command: 'refund', args: 'order 12' });
    const { messages } = await stack.waitForConversation(petr, 1);
    expect(messages[0]).toMatchObject({ kind: 'text', text: '/refund order 12' });
  });

  it('ignores a redelivered update: no second greeting, no second message', async () => {
    const lena = clientUser('Lena');
    const start = stack.telegram.clientSends(lena, { command: 'start' });
    const first = stack.telegram.clientSends(lena, { text: 'только один раз' });
    await stack.waitForConversation(lena, 1);
    await stack.waitForChat(lena, 2); // greeting, ticket created
    await eventually(() => stack.telegram.isConfirmed(first.update_id));

    // Telegram "lost" the confirmations and delivers both again, before the client's next message.
    stack.telegram.redeliver(start.update_id);
    stack.telegram.redeliver(first.update_id);
    const next = stack.telegram.clientSends(lena, { text: 'второе' });
    const { ticket } = await stack.waitForConversation(lena, 2);
    await eventually(() => stack.telegram.isConfirmed(next.update_id));

    expect((await stack.conversation(ticket.id)).map((message) => message.text)).toEqual(['только один раз', 'второе']);
    expect(stack.chat(lena).map((message) => message.text)).toEqual([
      expect.stringMatching(/^Здравствуйте, Lena!/),
      `Создано обращение #${ticket.id}. Сотрудник ответит вам здесь.`,
    ]);
  });

  it('keeps the order of a burst of messages from one chat', async () => {
    const max = clientUser('Max');
    const texts = Array.from({ length: 25 }, (_, i) => `сообщение ${i + 1}`);
    for (const text of texts) stack.telegram.clientSends(max, { text });
    const { messages } = await stack.waitForConversation(max, texts.length, 30_000);
    expect(messages.map((message) => message.text)).toEqual(texts);
  });

  it('keeps messages while ticket-service is down and hands them on, in order, when it is back; the client sees no error', async () => {
    const vera = clientUser('Vera');
    stack.telegram.clientSends(vera, { text: 'первое' });
    await stack.waitForConversation(vera, 1);
    await stack.waitForChat(vera, 1); // "ticket created"

    await stack.stopTicketService();
    const during = ['пока сервис лежит 1', 'пока сервис лежит 2', 'пока сервис лежит 3'].map((text) =>
      stack.telegram.clientSends(vera, { text }),
    );
    // Telegram has handed them over and been told they are safe, although nobody could take them yet.
    await eventually(() => during.every((update) => stack.telegram.isConfirmed(update.update_id)));
    await eventually(
      async () => {
        const rows = await stack.query<{ attempts: number }>(
          'SELECT attempts FROM bot.inbound_updates WHERE chat_id = $1 AND forwarded_at IS NULL ORDER BY update_id',
          [vera.id],
        );
        return rows.length === 3 && rows[0].attempts > 0;
      },
      { message: 'the forwarder tried and the updates wait' },
    );

    await stack.startTicketService();
    const { messages } = await stack.waitForConversation(vera, 4, 20_000);
    expect(messages.map((message) => message.text)).toEqual([
      'первое',
      'пока сервис лежит 1',
      'пока сервис лежит 2',
      'пока сервис лежит 3',
    ]);
    expect(stack.chat(vera)).toHaveLength(1);
  });

  it('confirms an update to Telegram only once it is stored, however long Postgres is unreachable', async () => {
    const nina = clientUser('Nina');
    postgres.cut();
    const update = stack.telegram.clientSends(nina, { text: 'пока база недоступна' });
    await eventually(() => stack.telegram.updates().served.includes(update.update_id), {
      message: 'the bot got the update',
    });
    expect(stack.telegram.isConfirmed(update.update_id)).toBe(false);

    postgres.restore();
    const { messages } = await stack.waitForConversation(nina, 1, 30_000);
    expect(messages.map((message) => message.text)).toEqual(['пока база недоступна']);
    await eventually(() => stack.telegram.isConfirmed(update.update_id));
    const [stored] = await stack.query<{ received_at: Date }>(
      'SELECT received_at FROM bot.inbound_updates WHERE update_id = $1',
      [update.update_id],
    );
    expect(stack.telegram.confirmedAt(update.update_id)).toBeGreaterThanOrEqual(stored.received_at.getTime());
  });

  it('answers /health and /health/ready', async () => {
    expect((await fetch(await stack.botUrl('/health'))).status).toBe(200);
    const ready = await fetch(await stack.botUrl('/health/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok' });
  });
});
