import { AttachmentView, MessageEditView, MessageView } from '@app/contracts';
import { Message } from './message.entity';

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
