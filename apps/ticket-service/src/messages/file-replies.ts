import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Events, MessageView, ReplyWithFileCommand } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { TICKET_SCHEMA } from '../config';
import { ticketFeed } from '../feed/ticket-feed';
import { FileStore } from '../files/file-store';
import { sendsAsPhoto } from '../files/media-type';
import { ticketLifecycle } from '../tickets/ticket-lifecycle';
import { fileNameText, searchDocumentSql } from '../tickets/ticket-search';
import { loadTicket } from '../tickets/ticket-store';
import { Message } from './message.entity';
import { toMessageView } from './message.view';
import { messagePreview } from './message-preview';
import { replyBookkeeping } from './reply-bookkeeping';

/**
 * An employee's file for the client, its bytes already in the file store: completed there, stored as a
 * pending outbound message, and handed to bot-service by reference (message.outbound_file, through the
 * outbox) in the same transaction. Like a text reply, it is refused on a closed ticket, and stored once per
 * Idempotency-Key: a retry after a lost answer (its bytes uploaded again under a new file id, left incomplete
 * for FileRetention) gets the message stored first.
 */
@Injectable()
export class FileReplies {
  private readonly logger = new Logger(FileReplies.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly files: FileStore,
  ) {}

  reply(command: ReplyWithFileCommand): Promise<MessageView> {
    return replyBookkeeping.onceByKey(command.idempotencyKey, () => this.replyOnce(command));
  }

  private async replyOnce({
    ticketId,
    employeeId,
    caption,
    fileName,
    mimeType,
    file,
    idempotencyKey,
  }: ReplyWithFileCommand): Promise<MessageView> {
    const text = caption === '' ? null : caption;
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      const sameRequest = (earlier: Message) =>
        Number(earlier.ticketId) === ticketId &&
        earlier.text === text &&
        earlier.attachmentFileName === fileName &&
        Number(earlier.attachmentSize) === file.size;
      const earlier = await replyBookkeeping.earlier(manager, employeeId, idempotencyKey, sameRequest, this.logger);
      if (earlier) return toMessageView(earlier);
      ticketLifecycle.assertNotClosed(ticket);
      const stored = await this.files.complete(manager, file, mimeType);
      const method = sendsAsPhoto(stored.mimeType, stored.size) ? 'photo' : 'document';

      // its caption and file name are what search finds
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO ticket.messages (ticket_id, direction, kind, text, telegram_chat_id, employee_id, delivery_status,
           attachment_state, attachment_file_id, attachment_file_name, attachment_mime_type, attachment_size, idempotency_key,
           search)
         VALUES ($1, 'outbound', $2, $3, $4, $5, 'pending', 'ready', $6, $7, $8, $9, $10, ${searchDocumentSql('$11')})
         RETURNING id`,
        [
          ticketId,
          method,
          text,
          ticket.client.chatId,
          employeeId,
          stored.fileId,
          fileName,
          stored.mimeType,
          stored.size,
          idempotencyKey ?? null,
          [text, fileNameText(fileName)].filter(Boolean).join(' '),
        ],
      );
      const messageId = Number(inserted[0].id);
      await replyBookkeeping.answered(manager, ticketId, messagePreview(method, text ?? fileName));
      await addToOutbox(manager, TICKET_SCHEMA, Events.MessageOutboundFile, {
        ticketId,
        messageId,
        chatId: Number(ticket.client.chatId),
        caption: text,
        fileName,
        mimeType: stored.mimeType,
        file: { fileId: stored.fileId, size: stored.size, chunkCount: stored.chunkCount },
        method,
        languageCode: ticket.client.languageCode,
      });
      await ticketFeed.ticketsChanged(manager, [ticketId]);
      await ticketFeed.messagesAdded(manager, [messageId]);
      this.logger.log({ ticketId, messageId, employeeId, method, size: stored.size }, 'File reply queued for delivery');
      return toMessageView(await manager.findOneByOrFail(Message, { id: String(messageId) }));
    });
  }
}
