import { ApiProperty } from '@nestjs/swagger';
import {
  ATTACHMENT_STATES,
  AttachmentState,
  AttachmentView,
  DELIVERY_STATUSES,
  DeliveryStatus,
  MESSAGE_DIRECTIONS,
  MESSAGE_KINDS,
  MessageDirection,
  MessageKind,
  MessageEditView,
  MessageView,
} from '@app/contracts';

export class AttachmentResponse implements AttachmentView {
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The file name as sent (documents and audio; others have none)',
    example: 'invoice.pdf',
  })
  fileName: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Decided from the bytes for images and PDFs',
    example: 'application/pdf',
  })
  mimeType: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Bytes', example: 183_204 })
  size: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Photos, videos, stickers', example: null })
  width: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: null })
  height: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Seconds: voice, audio, video, video notes',
    example: null,
  })
  duration: number | null;

  @ApiProperty({
    enum: ATTACHMENT_STATES,
    enumName: 'AttachmentState',
    description:
      'pending: still being received from Telegram; ready: GET …/attachment gives the bytes; too_large: above Telegram’s 20 MB ' +
      'bot download limit (the client was told); failed: could not be received',
    example: 'ready',
  })
  state: AttachmentState;
}

export class MessageEditResponse implements MessageEditView {
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The text (or caption) before the edit',
    example: 'My order 1234 is late',
  })
  text: string | null;

  @ApiProperty({ format: 'date-time', description: 'When the client replaced it', example: '2024-11-26T09:21:00.000Z' })
  editedAt: string;
}

export class MessageResponse implements MessageView {
  @ApiProperty({ example: 314 })
  id: number;

  @ApiProperty({ example: 42 })
  ticketId: number;

  @ApiProperty({
    enum: MESSAGE_DIRECTIONS,
    enumName: 'MessageDirection',
    description: 'inbound: from the client; outbound: an employee’s reply',
    example: 'outbound',
  })
  direction: MessageDirection;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Who replied; null for inbound messages', example: 7 })
  employeeId: number | null;

  @ApiProperty({
    enum: MESSAGE_KINDS,
    enumName: 'MessageKind',
    description: 'What the client sent; replies are text',
    example: 'text',
  })
  kind: MessageKind;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The text, or the caption of a photo or document',
    example: 'We have sent it again today.',
  })
  text: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'Telegram file id of a non-text message', example: null })
  fileId: string | null;

  @ApiProperty({ format: 'date-time', example: '2024-11-26T09:20:00.000Z' })
  createdAt: string;

  @ApiProperty({
    enum: DELIVERY_STATUSES,
    enumName: 'DeliveryStatus',
    nullable: true,
    description: 'Outbound only; null for inbound',
    example: 'pending',
  })
  deliveryStatus: DeliveryStatus | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Why delivery failed, e.g. the client blocked the bot',
    example: null,
  })
  deliveryError: string | null;

  @ApiProperty({
    type: AttachmentResponse,
    nullable: true,
    description: 'The file of a photo, document, voice, ...; null for text',
  })
  attachment: AttachmentResponse | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When the client last edited it',
    example: null,
  })
  editedAt: string | null;

  @ApiProperty({ type: [MessageEditResponse], description: 'Earlier versions, oldest first; empty if never edited' })
  edits: MessageEditResponse[];

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The message the client answered (a Telegram reply)',
    example: null,
  })
  replyToMessageId: number | null;
}

export class MessagePage {
  @ApiProperty({ type: [MessageResponse], description: 'Oldest first' })
  items: MessageResponse[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
    example: null,
  })
  nextCursor: string | null;
}
