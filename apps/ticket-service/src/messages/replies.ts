import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Events, MessageView, ReplyCommand } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { TICKET_SCHEMA } from '../config';
import { ticketLifecycle } from '../tickets/ticket-lifecycle';
import { loadTicket } from '../tickets/ticket-store';
import { Message } from './message.entity';
import { toMessageView } from './message.view';
import { messagePreview } from './message-preview';


/** An employee's answer: stored as pending and handed to bot-service (through the outbox) for delivery. */
@Injectable()
export class Replies {
  private readonly logger = new Logger(Replies.name);

  constructor(private readonly dataSource: DataSource) {}

  async reply({ ticketId, employeeId, text }: ReplyCommand): Promise<MessageView> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      ticketLifecycle.assertNotClosed(ticket);

      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO ticket.messages (ticket_id, direction, kind, text, telegram_chat_id, employee_id, delivery_status)
         VALUES ($1, 'outbound', 'text', $2, $3, $4, 'pending') RETURNING id`,
        [ticketId, text, ticket.client.chatId, employeeId],
      );
      const messageId = Number(inserted[0].id);
      await manager.query(
        // Only an employee's reply is a response: the first one stops the first-response clock.
        `UPDATE ticket.tickets SET last_message_at = now(), last_message_preview = $2, updated_at = now(),
           first_response_at = COALESCE(first_response_at, now())
         WHERE id = $1`,
        [ticketId, messagePreview('text', text)],
      );
      await addToOutbox(manager, TICKET_SCHEMA, Events.MessageOutbound, {
        ticketId,
        messageId,
        chatId: Number(ticket.client.chatId),
        text,
        languageCode: ticket.client.languageCode,
      });
      this.logger.log({ ticketId, messageId, employeeId }, 'Reply queued for delivery');
      return toMessageView(await manager.findOneByOrFail(Message, { id: String(messageId) }));
    });
  }
}
