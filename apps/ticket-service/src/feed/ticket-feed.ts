import { EntityManager, In } from 'typeorm';
import { DeliveryStatus, Events } from '@app/contracts';
import { OutboxEvent, addEventsToOutbox, addToOutbox } from '@app/messaging';
import { TICKET_SCHEMA } from '../config';
import { Message } from '../messages/message.entity';
import { toMessageView } from '../messages/message.view';
import { TICKET_VIEW_COLUMNS, TicketViewRow, toTicketView } from '../tickets/ticket-page-rows';

/**
 * What employees' consoles are told, one function per kind of change, each called inside the transaction
 * of the change (through the outbox, like every event). Whoever changes a ticket (status, assignee, tags,
 * priority, last message) calls `ticketsChanged`; whoever adds a message to a conversation (a client's, a
 * reply, a note, a system notice) calls `messagesAdded`; a reply's delivery result calls `deliveryChanged`.
 * The events carry the REST API's views, read back in the same transaction, so they show the change itself.
 */
export const ticketFeed = {
  async ticketsChanged(manager: EntityManager, ticketIds: readonly number[]): Promise<void> {
    await addEventsToOutbox(manager, TICKET_SCHEMA, await ticketUpdates(manager, ticketIds));
  },

  /** In the order of the ids, which is the order the messages were stored in. */
  async messagesAdded(manager: EntityManager, messageIds: readonly number[]): Promise<void> {
    await addEventsToOutbox(manager, TICKET_SCHEMA, await messageCreations(manager, messageIds));
  },

  /** Both of the above for messages that changed their tickets (clients' messages): their events in one statement. */
  async messagesAddedToTickets(manager: EntityManager, ticketIds: readonly number[], messageIds: readonly number[]): Promise<void> {
    const tickets = await ticketUpdates(manager, ticketIds);
    await addEventsToOutbox(manager, TICKET_SCHEMA, [...tickets, ...(await messageCreations(manager, messageIds))]);
  },

  async deliveryChanged(
    manager: EntityManager,
    change: { ticketId: number; messageId: number; deliveryStatus: DeliveryStatus; deliveryError: string | null },
  ): Promise<void> {
    await addToOutbox(manager, TICKET_SCHEMA, Events.MessageDeliveryUpdated, change);
  },
};

async function ticketUpdates(manager: EntityManager, ticketIds: readonly number[]): Promise<OutboxEvent[]> {
  if (ticketIds.length === 0) return [];
  // The list's own view rows, not TypeORM entities: every client message comes this way, and hydrating the
  // ticket and its client cost more CPU than the query.
  const rows: TicketViewRow[] = await manager.query(
    `SELECT ${TICKET_VIEW_COLUMNS} FROM ticket.tickets t JOIN ticket.clients c ON c.id = t.client_id
     WHERE t.id = ANY ($1::int[]) ORDER BY t.id`,
    [[...new Set(ticketIds)]],
  );
  return rows.map((row) => ({ name: Events.TicketUpdated, body: { ticket: toTicketView(row) } }));
}

async function messageCreations(manager: EntityManager, messageIds: readonly number[]): Promise<OutboxEvent[]> {
  if (messageIds.length === 0) return [];
  const messages = await manager.find(Message, { where: { id: In(messageIds.map(String)) } });
  messages.sort((a, b) => Number(a.id) - Number(b.id));
  return messages.map((message) => ({ name: Events.MessageCreated, body: { message: toMessageView(message) } }));
}
