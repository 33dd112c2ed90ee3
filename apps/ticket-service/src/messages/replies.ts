import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Events, MessageView, ReplyCannedCommand, ReplyCommand } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { CannedReplies } from '../canned-replies/canned-replies';
import { cannedReplyText } from '../canned-replies/canned-reply-text';
import { TICKET_SCHEMA } from '../config';
import { ticketFeed } from '../feed/ticket-feed';
import { ticketLifecycle } from '../tickets/ticket-lifecycle';
import { searchDocumentSql } from '../tickets/ticket-search';
import { loadTicket } from '../tickets/ticket-store';
import { Ticket } from '../tickets/ticket.entity';
import { Message } from './message.entity';
import { toMessageView } from './message.view';
import { messagePreview } from './message-preview';
import { replyBookkeeping } from './reply-bookkeeping';

/** An employee's answer: stored as pending and handed to bot-service (through the outbox) for delivery. */
@Injectable()
export class Replies {
  private readonly logger = new Logger(Replies.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cannedReplies: CannedReplies,
  ) {}

  reply(command: ReplyCommand): Promise<MessageView> {
    return replyBookkeeping.onceByKey(command.idempotencyKey, () => this.replyOnce(command));
  }

  private async replyOnce({ ticketId, employeeId, text, idempotencyKey }: ReplyCommand): Promise<MessageView> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      const sameRequest = (earlier: Message) => Number(earlier.ticketId) === ticketId && earlier.text === text;
      const earlier = await replyBookkeeping.earlier(manager, employeeId, idempotencyKey, sameRequest, this.logger);
      if (earlier) return toMessageView(earlier);
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

  /** The reply answers the client (see replyBookkeeping.answered). */
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
      `INSERT INTO ticket.messages (ticket_id, direction, kind, text, telegram_chat_id, employee_id, delivery_status, idempotency_key,
         search)
       VALUES ($1, 'outbound', 'text', $2, $3, $4, 'pending', $5, ${searchDocumentSql('$2')}) RETURNING id`,
      [ticketId, text, ticket.client.chatId, employeeId, idempotencyKey],
    );
    const messageId = Number(inserted[0].id);
    await replyBookkeeping.answered(manager, ticketId, messagePreview('text', text));
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
