import { EntityManager } from 'typeorm';
import { MessageEditView } from '@app/contracts';
import { Message } from './message.entity';

/** Earlier versions of the edited ones among `messages`, oldest first, by message id. */
export async function editsOf(
  manager: EntityManager,
  messages: readonly Message[],
): Promise<Map<string, MessageEditView[]>> {
  const edits = new Map<string, MessageEditView[]>();
  const messageIds = messages.filter((message) => message.editedAt !== null).map((message) => message.id);
  if (messageIds.length === 0) return edits;
  const rows: { message_id: string; text: string | null; edited_at: Date }[] = await manager.query(
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
