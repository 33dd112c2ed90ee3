import { TicketRpc } from '@app/contracts';
import { eventually } from '@app/testing';
import { clientUser } from '@app/telegram-emulator';
import { BotStack } from './bot-stack';

describe('bot-service: private chats only', () => {
  const stack = BotStack.forSpecFile();

  it('never moves a client’s chat to a group: replies to their ticket still go to their private chat', async () => {
    const ivan = clientUser('Ivan', 'en');
    stack.telegram.clientSends(ivan, { text: 'My printer is broken' });
    const { ticket } = await stack.waitForConversation(ivan, 1);
    await stack.waitForChat(ivan, 1);

    // Ivan (or anyone) writes /start@bot and a message in a group the bot is a member of.
    const group = { id: -1_001_234_567_890, title: 'Office chat', type: 'supergroup' as const };
    const updates = [
      stack.telegram.clientSendsInGroup(ivan, group, { command: 'start@desk_bot' }),
      stack.telegram.clientSendsInGroup(ivan, group, { text: 'Printer still broken' }),
    ];
    for (const { update_id } of updates) {
      await eventually(() => stack.telegram.isConfirmed(update_id), { message: `group update ${update_id} confirmed` });
    }

    const reply = await stack.tickets.call(TicketRpc.Reply, {
      ticketId: ticket.id,
      employeeId: 1,
      text: 'A technician is coming',
    });
    await eventually(() => stack.chat(ivan).some((message) => message.text === 'A technician is coming'), {
      message: 'the reply in Ivan’s private chat',
    });
    expect(stack.telegram.botMessages(group.id).map((message) => message.text)).not.toContain('A technician is coming');
    expect(reply.ticketId).toBe(ticket.id);

    const conversation = await stack.conversation(ticket.id);
    expect(conversation.map((message) => message.text)).toEqual(['My printer is broken', 'A technician is coming']);
    const [client] = await stack.query<{ chat_id: string }>(
      'SELECT chat_id FROM ticket.clients WHERE telegram_id = $1',
      [ivan.id],
    );
    expect(Number(client.chat_id)).toBe(ivan.id);
  });

  it('tells a group once, politely, to write in private, and opens no ticket for it', async () => {
    const group = { id: -4_000_000_001, title: 'Neighbours' };
    const [anna, anonymousAdmin] = [clientUser('Anna', 'en'), clientUser('Group', 'en')];
    const updates = [
      stack.telegram.clientSendsInGroup(anna, group, { command: 'start' }),
      stack.telegram.clientSendsInGroup(anna, group, { text: 'Hello?' }),
      stack.telegram.clientSendsInGroup(anonymousAdmin, group, { command: 'help' }),
    ];

    const [told] = await eventually(
      () => stack.telegram.botMessages(group.id).length > 0 && stack.telegram.botMessages(group.id),
      {
        message: 'the group told to write in private',
      },
    );
    expect(told.text).toBe('I only answer in private messages: write to me in a private chat to contact support.');
    for (const { update_id } of updates) {
      await eventually(() => stack.telegram.isConfirmed(update_id), { message: `group update ${update_id} confirmed` });
    }
    // Later messages from the group are confirmed and dropped, with no second notice.
    const later = stack.telegram.clientSendsInGroup(anna, group, { text: 'Anyone?' });
    await eventually(() => stack.telegram.isConfirmed(later.update_id));
    // ... and a private message sent after them is handled, so the group's had every chance to be answered.
    const boris = clientUser('Boris', 'en');
    stack.telegram.clientSends(boris, { text: 'Hi' });
    await stack.waitForConversation(boris, 1);
    await stack.waitForChat(boris, 1);

    expect(stack.telegram.botMessages(group.id)).toHaveLength(1);
    for (const user of [anna, anonymousAdmin]) expect(await stack.ticketOf(user)).toBeUndefined();
    const stored = await stack.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM bot.inbound_updates WHERE chat_id = $1',
      [group.id],
    );
    expect(stored[0].count).toBe(0);
  });
});
