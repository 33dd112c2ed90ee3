import { EntityManager } from 'typeorm';
import { DeliveryStatus, Events, TicketView } from '@app/contracts';
import { OutboxEvent, addEventsToOutbox, addToOutbox } from '@app/messaging';
import { TICKET_SCHEMA } from '../config';
import { editsOf } from '../messages/message-edits';
import { Message } from '../messages/message.entity';
import { readMessages, toMessageView } from '../messages/message.view';
import { readTicketViews } from '../tickets/ticket.view';

/**
 * What employees' consoles are told, one function per kind of change, each called inside the transaction
 * of the change (through the outbox, like every event). Whoever changes a ticket (status, assignee, tags,
 * priority, last message) calls `ticketsChanged`; whoever adds a message to a conversation (a client's, a
 * reply, a note, a system notice) calls `messagesAdded`; whoever changes one (a client's edit, a file's bytes
 * received) calls `messagesChanged`; a reply's delivery result calls `deliveryChanged`.
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

  /**
   * Both of the above for clients' messages, from rows their statements returned (no read back): the tickets'
   * views as changed, and the messages as stored. Their events in one statement, tickets first.
   */
  async messagesAddedToTickets(
    manager: EntityManager,
    tickets: readonly TicketView[],
    messages: readonly Message[],
  ): Promise<void> {
    await addEventsToOutbox(manager, TICKET_SCHEMA, [
      ...tickets.map(ticketUpdate),
      ...(await messageCreationsOf(manager, messages)),
    ]);
  },

  /**
   * Sent as `message.created` with the message's view after the change: a console puts a message it already
   * shows in place by its id, as it would the answer to a fresh GET (so the contract's event names suffice).
   */
  async messagesChanged(manager: EntityManager, messageIds: readonly number[]): Promise<void> {
    await this.messagesAdded(manager, messageIds);
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
  return (await readTicketViews(manager, ticketIds)).map(ticketUpdate);
}

const ticketUpdate = (ticket: TicketView): OutboxEvent => ({ name: Events.TicketUpdated, body: { ticket } });

async function messageCreations(manager: EntityManager, messageIds: readonly number[]): Promise<OutboxEvent[]> {
  if (messageIds.length === 0) return [];
  return messageCreationsOf(manager, await readMessages(manager, messageIds));
}

async function messageCreationsOf(manager: EntityManager, messages: readonly Message[]): Promise<OutboxEvent[]> {
  const edits = await editsOf(manager, messages);
  return messages.map((message) => ({
    name: Events.MessageCreated,
    body: { message: toMessageView(message, edits.get(message.id)) },
  }));
}
