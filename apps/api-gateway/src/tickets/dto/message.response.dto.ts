import { ApiProperty } from '@nestjs/swagger';
import {
  DELIVERY_STATUSES,
  DeliveryStatus,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MessageDirection,
  MessageKind,
  MessageView,
} from '@app/contracts';

export class MessageResponse implements MessageView {
  @ApiProperty({ example: 314 })
  id: number;

  @ApiProperty({ example: 42 })
  ticketId: number;

  @ApiProperty({ enum: MESSAGE_DIRECTIONS, enumName: 'MessageDirection', description: 'inbound: from the client; outbound: an employee’s reply', example: 'outbound' })
  direction: MessageDirection;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Who replied; null for inbound messages', example: 7 })
  employeeId: number | null;

  @ApiProperty({ enum: MESSAGE_KINDS, enumName: 'MessageKind', description: 'What the client sent; replies are text', example: 'text' })
  kind: MessageKind;

  @ApiProperty({ type: 'string', nullable: true, description: 'The text, or the caption of a photo or document', example: 'We have sent it again today.' })
  text: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'Telegram file id of a non-text message', example: null })
  fileId: string | null;

  @ApiProperty({ format: 'date-time', example: '2024-11-26T09:20:00.000Z' })
  createdAt: string;

  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus', nullable: true, description: 'Outbound only; null for inbound', example: 'pending' })
  deliveryStatus: DeliveryStatus | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'Why delivery failed, e.g. the client blocked the bot', example: null })
  deliveryError: string | null;
}

export class MessagePage {
  @ApiProperty({ type: [MessageResponse], description: 'Oldest first' })
  items: MessageResponse[];

  @ApiProperty({ type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last page', example: null })
  nextCursor: string | null;
}
