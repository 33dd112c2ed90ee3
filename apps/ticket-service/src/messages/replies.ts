import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { CodedError, ErrorCode, Events, MessageView, ReplyCannedCommand, ReplyCommand } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { CannedReplies } from '../canned-replies/canned-replies';
import { cannedReplyText } from '../canned-replies/canned-reply-text';
import { TICKET_SCHEMA } from '../config';
import { ticketFeed } from '../feed/ticket-feed';
import { ticketLifecycle } from '../tickets/ticket-lifecycle';
import { SEARCH_CONFIG } from '../tickets/ticket-list-filters';
import { loadTicket } from '../tickets/ticket-store';
import { Ticket } from '../tickets/ticket.entity';
import { Message } from './message.entity';
import { toMessageView } from './message.view';
import { messagePreview } from './message-preview';

const UNIQUE_VIOLATION = '23505';

/** An employee's answer: stored as pending and handed to bot-service (through the outbox) for delivery. */
@Injectable()
export class Replies {
  private readonly logger = new Logger(Replies.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cannedReplies: CannedReplies,
  ) {}

  async reply(command: ReplyCommand): Promise<MessageView> {
    try {
      return await this.replyOnce(command);
    } catch (error) {
      // The same key raced for another ticket, whose lock did not serialize the two: the index decided.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new CodedError(
          ErrorCode.IdempotencyKeyReused,
          `Idempotency-Key ${command.idempotencyKey} was used before with another request`,
        );
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
          throw new CodedError(
            ErrorCode.IdempotencyKeyReused,
            `Idempotency-Key ${idempotencyKey} was used before with another request`,
          );
        }
        this.logger.log(
          { ticketId, messageId: earlier.id, employeeId },
          'Reply retried with its Idempotency-Key; not sent again',
        );
        return toMessageView(earlier);
      }
      return this.send(manager, ticket, employeeId, text, idempotencyKey ?? null);
    });
  }

  /**
   * A canned reply, in the client's language with its placeholders filled. The canned reply is held FOR SHARE
   * until the reply is stored, so deleting it at the same moment waits: the reply goes out whole, or (when the
   * delete came first) not at all, with CANNED_REPLY_NOT_FOUND.
   */
  async replyCanned({ ticketId, employeeId, employeeName, cannedReplyId }: ReplyCannedCommand): Promise<MessageView> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      ticketLifecycle.assertNotClosed(ticket);
      const canned = await this.cannedReplies.lock(manager, cannedReplyId, 'SHARE');
      const text = cannedReplyText(canned, ticket.client.languageCode, {
        clientFirstName: ticket.client.firstName,
        ticketId,
        employeeName,
      });
      return this.send(manager, ticket, employeeId, text, null);
    });
  }

  /** The reply answers the client: the ticket no longer awaits one. */
  private async send(
    manager: EntityManager,
    ticket: Ticket,
    employeeId: number,
    text: string,
    idempotencyKey: string | null,
  ): Promise<MessageView> {
    const ticketId = ticket.id;
    ticketLifecycle.assertNotClosed(ticket);
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO ticket.messages (ticket_id, direction, kind, text, telegram_chat_id, employee_id, delivery_status, idempotency_key)
       VALUES ($1, 'outbound', 'text', $2, $3, $4, 'pending', $5) RETURNING id`,
      [ticketId, text, ticket.client.chatId, employeeId, idempotencyKey],
    );
    const messageId = Number(inserted[0].id);
    await manager.query(
      // Only an employee's reply is a response: the first one stops the first-response clock.
      `UPDATE ticket.tickets SET last_message_at = now(), last_message_preview = $2, updated_at = now(), waiting_since = NULL,
         first_response_at = COALESCE(first_response_at, now()),
         search = strip(search || to_tsvector('${SEARCH_CONFIG}', $3))
       WHERE id = $1`,
      [ticketId, messagePreview('text', text), text],
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
  }
}
