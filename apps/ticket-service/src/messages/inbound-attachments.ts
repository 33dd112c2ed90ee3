import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CodedError, ErrorCode, SettleInboundAttachmentCommand } from '@app/contracts';
import { ticketFeed } from '../feed/ticket-feed';
import { FileStore } from '../files/file-store';

/** The end of a client's file's journey from Telegram: its bytes stored (ready), too large, or given up on. */
@Injectable()
export class InboundAttachments {
  private readonly logger = new Logger(InboundAttachments.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly files: FileStore,
  ) {}

  /** Idempotent: an attachment settled before stays as it was settled. */
  async settle({
    chatId,
    telegramMessageId,
    outcome,
    file,
  }: SettleInboundAttachmentCommand): Promise<{ messageId: number }> {
    return this.dataSource.transaction(async (manager) => {
      const [message]: {
        id: string;
        ticket_id: number;
        attachment_state: string | null;
        attachment_mime_type: string | null;
      }[] = await manager.query(
        `SELECT id, ticket_id, attachment_state, attachment_mime_type FROM ticket.messages
           WHERE telegram_chat_id = $1 AND telegram_message_id = $2 AND direction = 'inbound' FOR UPDATE`,
        [chatId, telegramMessageId],
      );
      if (!message || message.attachment_state === null) {
        throw new CodedError(
          ErrorCode.AttachmentNotFound,
          `No message ${telegramMessageId} with a file in chat ${chatId}`,
        );
      }
      const messageId = Number(message.id);
      if (message.attachment_state !== 'pending') return { messageId };
      if (outcome === 'ready') {
        if (!file) throw new CodedError(ErrorCode.ValidationFailed, 'A ready attachment needs its stored file');
        const stored = await this.files.complete(manager, file, message.attachment_mime_type);
        await manager.query(
          `UPDATE ticket.messages SET attachment_state = 'ready', attachment_file_id = $2, attachment_size = $3, attachment_mime_type = $4
           WHERE id = $1`,
          [messageId, stored.fileId, stored.size, stored.mimeType],
        );
      } else {
        await manager.query(`UPDATE ticket.messages SET attachment_state = $2 WHERE id = $1`, [messageId, outcome]);
      }
      await ticketFeed.messagesChanged(manager, [messageId]);
      this.logger.log({ ticketId: message.ticket_id, messageId, outcome }, 'Client file settled');
      return { messageId };
    });
  }
}
