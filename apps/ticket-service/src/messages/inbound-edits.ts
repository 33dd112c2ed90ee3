import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RecordEditCommand } from '@app/contracts';
import { ticketFeed } from '../feed/ticket-feed';
import { searchDocumentSql } from '../tickets/ticket-search';

/**
 * A client's edit of a message recorded before: the message takes the new text and the time of the edit,
 * and the text it had is kept in `ticket.message_edits`, so nothing the agent read disappears. Idempotent:
 * an edit older than the message's last one, or the same one again (Telegram's edit_date is in seconds,
 * so the text tells two edits of one second apart), changes nothing.
 */
@Injectable()
export class InboundEdits {
  private readonly logger = new Logger(InboundEdits.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Returns the edited message's id, or null when no recorded message has that Telegram id. */
  async record({ chatId, telegramMessageId, text, editedAt }: RecordEditCommand): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [message]: { id: string; ticket_id: number; text: string | null; newer: boolean }[] = await manager.query(
        `SELECT id, ticket_id, text,
                edited_at > $3 OR (edited_at = $3 AND text IS NOT DISTINCT FROM $4) AS newer
         FROM ticket.messages
         WHERE telegram_chat_id = $1 AND telegram_message_id = $2 AND direction = 'inbound' FOR UPDATE`,
        [chatId, telegramMessageId, editedAt, text],
      );
      if (!message) {
        this.logger.warn({ chatId, telegramMessageId }, 'Edit of a message never recorded; ignored');
        return null;
      }
      if (message.newer) return Number(message.id);
      await manager.query(`INSERT INTO ticket.message_edits (message_id, text, edited_at) VALUES ($1, $2, $3)`, [
        message.id,
        message.text,
        editedAt,
      ]);
      // the words of every version stay findable: the earlier ones are kept too
      await manager.query(
        `UPDATE ticket.messages SET text = $2, edited_at = $3, search = strip(search || ${searchDocumentSql('$2')}) WHERE id = $1`,
        [message.id, text, editedAt],
      );
      await manager.query(`UPDATE ticket.tickets SET updated_at = now() WHERE id = $1`, [message.ticket_id]);
      await ticketFeed.messagesChanged(manager, [Number(message.id)]);
      this.logger.log({ ticketId: message.ticket_id, messageId: Number(message.id) }, 'Client edited a message');
      return Number(message.id);
    });
  }
}
