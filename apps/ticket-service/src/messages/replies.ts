import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { CodedError, ErrorCode, Events, MessageView, ReplyCommand } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { TICKET_SCHEMA } from '../config';
import { ticketFeed } from '../feed/ticket-feed';
import { ticketLifecycle } from '../tickets/ticket-lifecycle';
import { loadTicket } from '../tickets/ticket-store';
import { Message } from './message.entity';
import { toMessageView } from './message.view';
import { messagePreview } from './message-preview';

const UNIQUE_VIOLATION = '23505';

/** An employee's answer: stored as pending and handed to bot-service (through the outbox) for delivery. */
@Injectable()
export class Replies {
  private readonly logger = new Logger(Replies.name);

  constructor(private readonly dataSource: DataSource) {}

  async reply(command: ReplyCommand): Promise<MessageView> {
    try {
      return await this.replyOnce(command);
    } catch (error) {
      // The same key raced for another ticket, whose lock did not serialize the two: the index decided.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new CodedError(ErrorCode.IdempotencyKeyReused, `Idempotency-Key ${command.idempotencyKey} was used before with another request`);
      }
      throw error;
    }
  }

  private async replyOnce({ ticketId, employeeId, text, idempotencyKey }: ReplyCommand): Promise<MessageView> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      // Under the ticket's lock: a retry of a reply that committed after its caller gave up finds it here.
      const earlier = idempotencyKey ? await manager.findOneBy(Message, { employeeId, idempotencyKey }) : null;
      if (earlier) {
        if (Number(earlier.ticketId) !== ticketId || earlier.text !== text) {
          throw new CodedError(ErrorCode.IdempotencyKeyReused, `Idempotency-Key ${idempotencyKey} was used before with another request`);
        }
        this.logger.log({ ticketId, messageId: earlier.id, employeeId }, 'Reply retried with its Idempotency-Key; not sent again');
        return toMessageView(earlier);
      }
      ticketLifecycle.assertNotClosed(ticket);

      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO ticket.messages (ticket_id, direction, kind, text, telegram_chat_id, employee_id, delivery_status, idempotency_key)
         VALUES ($1, 'outbound', 'text', $2, $3, $4, 'pending', $5) RETURNING id`,
        [ticketId, text, ticket.client.chatId, employeeId, idempotencyKey ?? null],
      );
      const messageId = Number(inserted[0].id);
      await manager.query(
        `UPDATE ticket.tickets SET last_message_at = now(), last_message_preview = $2, updated_at = now() WHERE id = $1`,
        [ticketId, messagePreview('text', text)],
      );
      await addToOutbox(manager, TICKET_SCHEMA, Events.MessageOutbound, {
        ticketId,
        messageId,
        chatId: Number(ticket.client.chatId),
        text,
        languageCode: ticket.client.languageCode,
      });
      await ticketFeed.ticketsChanged(manager, [ticketId]);
      await ticketFeed.messagesAdded(manager, [messageId]);
      this.logger.log({ ticketId, messageId, employeeId }, 'Reply queued for delivery');
      return toMessageView(await manager.findOneByOrFail(Message, { id: String(messageId) }));
    });
  }
}
