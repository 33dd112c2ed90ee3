import { EntityManager } from 'typeorm';
import { AttachmentView, MessageEditView, MessageView } from '@app/contracts';
import { queryPrepared } from '@app/database';
import { Message } from './message.entity';

/**
 * Every column of `ticket.messages` under its entity property's name, with the types TypeORM would give: a
 * select list, or a RETURNING list that answers an insert with the rows as readMessages would read them.
 */
export const MESSAGE_COLUMNS = [
  'id',
  'ticketId',
  'direction',
  'kind',
  'text',
  'fileId',
  'telegramChatId',
  'telegramMessageId',
  'employeeId',
  'deliveryStatus',
  'deliveryError',
  'idempotencyKey',
  'sentAt',
  'createdAt',
  'attachmentState',
  'attachmentFileId',
  'attachmentFileName',
  'attachmentMimeType',
  'attachmentSize',
  'attachmentWidth',
  'attachmentHeight',
  'attachmentDuration',
  'editedAt',
  'replyToMessageId',
]
  .map((property) => `${property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)} AS "${property}"`)
  .join(', ');

/**
 * Messages by id, in id order, read as rows shaped like the entity: the live feed reads every stored message
 * back, and TypeORM's entity hydration cost more than the statement (see runPrepared).
 */
export async function readMessages(manager: EntityManager, messageIds: readonly number[]): Promise<Message[]> {
  if (messageIds.length === 0) return [];
  return queryPrepared<Message>(
    manager,
    `SELECT ${MESSAGE_COLUMNS} FROM ticket.messages WHERE id = ANY($1::bigint[]) ORDER BY id`,
    [messageIds],
  );
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

export function toMessageView(message: Message, edits: MessageEditView[] = []): MessageView {
  return {
    id: Number(message.id),
    ticketId: message.ticketId,
    direction: message.direction,
    employeeId: message.employeeId,
    kind: message.kind,
    text: message.text,
    fileId: message.fileId,
    createdAt: message.createdAt.toISOString(),
    deliveryStatus: message.deliveryStatus,
    deliveryError: message.deliveryError,
    attachment: attachmentOf(message),
    editedAt: message.editedAt?.toISOString() ?? null,
    edits,
    replyToMessageId: numberOrNull(message.replyToMessageId),
  };
}

function attachmentOf(message: Message): AttachmentView | null {
  if (message.attachmentState === null) return null;
  return {
    fileName: message.attachmentFileName,
    mimeType: message.attachmentMimeType,
    size: numberOrNull(message.attachmentSize),
    width: message.attachmentWidth,
    height: message.attachmentHeight,
    duration: message.attachmentDuration,
    state: message.attachmentState,
  };
}
