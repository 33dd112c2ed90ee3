import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { CodedError, ErrorCode, Events, MessageView, ReplyWithFileCommand } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { TICKET_SCHEMA } from '../config';
import { ticketFeed } from '../feed/ticket-feed';
import { FileStore } from '../files/file-store';
import { sendsAsPhoto } from '../files/media-type';
import { ticketLifecycle } from '../tickets/ticket-lifecycle';
import { SEARCH_CONFIG } from '../tickets/ticket-list-filters';
import { loadTicket } from '../tickets/ticket-store';
import { Message } from './message.entity';
import { toMessageView } from './message.view';
import { messagePreview } from './message-preview';

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

  async reply(command: ReplyWithFileCommand): Promise<MessageView> {
    try {
      return await this.replyOnce(command);
    } catch (error) {
      // the same key raced on another ticket, whose lock did not serialize the two: the unique index decided
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw keyReused(command.idempotencyKey);
      }
      throw error;
    }
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
      // Under the ticket's lock: a retry of a file reply that committed after its caller gave up finds it here.
      const earlier = idempotencyKey ? await manager.findOneBy(Message, { employeeId, idempotencyKey }) : null;
      if (earlier) {
        const same =
          Number(earlier.ticketId) === ticketId &&
          earlier.text === text &&
          earlier.attachmentFileName === fileName &&
          Number(earlier.attachmentSize) === file.size;
        if (!same) throw keyReused(idempotencyKey);
        this.logger.log(
          { ticketId, messageId: earlier.id, employeeId },
          'File reply retried with its Idempotency-Key; not sent again',
        );
        return toMessageView(earlier);
      }
      ticketLifecycle.assertNotClosed(ticket);
      const stored = await this.files.complete(manager, file, mimeType);
      const method = sendsAsPhoto(stored.mimeType, stored.size) ? 'photo' : 'document';

      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO ticket.messages (ticket_id, direction, kind, text, telegram_chat_id, employee_id, delivery_status,
           attachment_state, attachment_file_id, attachment_file_name, attachment_mime_type, attachment_size, idempotency_key)
         VALUES ($1, 'outbound', $2, $3, $4, $5, 'pending', 'ready', $6, $7, $8, $9, $10) RETURNING id`,
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
        ],
      );
      const messageId = Number(inserted[0].id);
      await manager.query(
        // an employee's file answers the client as a text reply does: no longer waiting, first-response clock
        // stopped, its caption and name found by search
        `UPDATE ticket.tickets SET last_message_at = now(), last_message_preview = $2, updated_at = now(), waiting_since = NULL,
           first_response_at = COALESCE(first_response_at, now()),
           search = strip(search || to_tsvector('${SEARCH_CONFIG}', $3))
         WHERE id = $1`,
        [ticketId, messagePreview(method, text ?? fileName), [text, fileName].filter(Boolean).join(' ')],
      );
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

const UNIQUE_VIOLATION = '23505';

function keyReused(key: string | undefined): CodedError {
  return new CodedError(ErrorCode.IdempotencyKeyReused, `Idempotency-Key ${key} was used before with another request`);
}
