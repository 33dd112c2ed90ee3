import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AddNoteCommand, MessageView } from '@app/contracts';
import { ticketFeed } from '../feed/ticket-feed';
import { searchDocumentSql } from '../tickets/ticket-search';
import { loadTicket } from '../tickets/ticket-store';
import { Message } from './message.entity';
import { toMessageView } from './message.view';

/**
 * Employees' internal notes: in the conversation for employees (`kind: note`, direction `internal`), never
 * sent to the client, allowed on a closed ticket. A note answers no one: the ticket keeps awaiting a reply,
 * and its preview stays the last thing said with the client.
 */
@Injectable()
export class Notes {
  private readonly logger = new Logger(Notes.name);

  constructor(private readonly dataSource: DataSource) {}

  async add({ ticketId, employeeId, text }: AddNoteCommand): Promise<MessageView> {
    return this.dataSource.transaction(async (manager) => {
      await loadTicket(manager, ticketId, { forUpdate: true });
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO ticket.messages (ticket_id, direction, kind, text, employee_id, search)
         VALUES ($1, 'internal', 'note', $2, $3, ${searchDocumentSql('$2')}) RETURNING id`,
        [ticketId, text, employeeId],
      );
      await manager.query(`UPDATE ticket.tickets SET updated_at = now() WHERE id = $1`, [ticketId]);
      await ticketFeed.ticketsChanged(manager, [ticketId]);
      await ticketFeed.messagesAdded(manager, [Number(row.id)]);
      this.logger.log({ ticketId, messageId: Number(row.id), employeeId }, 'Note added');
      return toMessageView(await manager.findOneByOrFail(Message, { id: row.id }));
    });
  }
}
