import { MessageView } from '@app/contracts';
import { Message } from './message.entity';

export function toMessageView(message: Message): MessageView {
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
  };
}
