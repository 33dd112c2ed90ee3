import { EntityManager } from 'typeorm';
import { ticketFeed } from '../feed/ticket-feed';

/**
 * A notice the bot is about to send the client on its own (the ticket's number, a status change), as the
 * timeline's `system` message, in the transaction of the change that causes it, so it sits in order with
 * the rest. bot-service composes the words: they arrive with the delivery report (see DeliveryReports).
 */
export async function recordSystemNotice(
  manager: EntityManager,
  ticketId: number,
  chatId: string | number,
): Promise<number> {
  const [row]: { id: string }[] = await manager.query(
    `INSERT INTO ticket.messages (ticket_id, direction, kind, telegram_chat_id, delivery_status)
     VALUES ($1, 'outbound', 'system', $2, 'pending') RETURNING id`,
    [ticketId, chatId],
  );
  await ticketFeed.messagesAdded(manager, [Number(row.id)]);
  return Number(row.id);
}
