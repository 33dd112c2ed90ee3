import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { z } from 'zod';
import { ListMessagesQuery, MessageEditView, MessageView, Page } from '@app/contracts';
import { cursorId, decodeCursor, encodeCursor } from '../pagination/cursor';
import { loadTicket } from '../tickets/ticket-store';
import { Message } from './message.entity';
import { toMessageView } from './message.view';


const MessageCursor = z.object({ id: cursorId(Number.MAX_SAFE_INTEGER) }).strict();

/** A ticket's conversation, oldest first (or newest first), a page at a time (keyset on the message id). */
@Injectable()
export class ConversationQuery {
  constructor(private readonly dataSource: DataSource) {}

  async list({ ticketId, limit, cursor, order }: ListMessagesQuery): Promise<Page<MessageView>> {
    await loadTicket(this.dataSource.manager, ticketId);
    const from = cursor ? decodeCursor(cursor, MessageCursor).id : null;
    const rows = await this.dataSource.getRepository(Message).find({
      where: { ticketId, ...(from === null ? {} : { id: order === 'asc' ? MoreThan(String(from)) : LessThan(String(from)) }) },
      order: { id: order === 'asc' ? 'ASC' : 'DESC' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const edits = await this.editsOf(page.filter((message) => message.editedAt !== null).map((message) => message.id));
    return {
      items: page.map((message) => toMessageView(message, edits.get(message.id))),
      nextCursor: rows.length > limit && last ? encodeCursor({ id: Number(last.id) }) : null,
    };
  }

  /** Earlier versions of edited messages, oldest first, by message id. */
  private async editsOf(messageIds: string[]): Promise<Map<string, MessageEditView[]>> {
    const edits = new Map<string, MessageEditView[]>();
    if (messageIds.length === 0) return edits;
    const rows: { message_id: string; text: string | null; edited_at: Date }[] = await this.dataSource.query(
      `SELECT message_id, text, edited_at FROM ticket.message_edits WHERE message_id = ANY($1::bigint[]) ORDER BY edited_at, id`,
      [messageIds],
    );
    for (const row of rows) {
      const list = edits.get(row.message_id) ?? [];
      list.push({ text: row.text, editedAt: row.edited_at.toISOString() });
      edits.set(row.message_id, list);
    }
    return edits;
  }
}
