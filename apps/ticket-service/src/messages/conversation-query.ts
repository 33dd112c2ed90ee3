import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, MoreThan } from 'typeorm';
import { z } from 'zod';
import { ListMessagesQuery, MessageView, Page } from '@app/contracts';
import { cursorId, decodeCursor, encodeCursor } from '../pagination/cursor';
import { loadTicket } from '../tickets/ticket-store';
import { Message } from './message.entity';
import { editsOf } from './message-edits';
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
      where: {
        ticketId,
        ...(from === null ? {} : { id: order === 'asc' ? MoreThan(String(from)) : LessThan(String(from)) }),
      },
      order: { id: order === 'asc' ? 'ASC' : 'DESC' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const edits = await editsOf(this.dataSource.manager, page);
    return {
      items: page.map((message) => toMessageView(message, edits.get(message.id))),
      nextCursor: rows.length > limit && last ? encodeCursor({ id: Number(last.id) }) : null,
    };
  }
}
