import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan } from 'typeorm';
import { z } from 'zod';
import { ListMessagesQuery, MessageView, Page } from '@app/contracts';
import { decodeCursor, encodeCursor } from '../pagination/cursor';
import { loadTicket } from '../tickets/ticket-store';
import { Message } from './message.entity';
import { toMessageView } from './message.view';


const MessageCursor = z.object({ id: z.number().int().positive() }).strict();

/** A ticket's conversation, oldest first, a page at a time (keyset on the message id). */
@Injectable()
export class ConversationQuery {
  constructor(private readonly dataSource: DataSource) {}

  async list({ ticketId, limit, cursor }: ListMessagesQuery): Promise<Page<MessageView>> {
    await loadTicket(this.dataSource.manager, ticketId);
    const after = cursor ? decodeCursor(cursor, MessageCursor).id : 0;
    const rows = await this.dataSource.getRepository(Message).find({
      where: { ticketId, id: MoreThan(String(after)) },
      order: { id: 'ASC' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toMessageView),
      nextCursor: rows.length > limit && last ? encodeCursor({ id: Number(last.id) }) : null,
    };
  }
}
