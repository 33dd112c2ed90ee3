import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ClientView,
  SatisfactionView,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketPriority,
  TicketStatus,
  TicketView,
} from '@app/contracts';

export class ClientResponse implements ClientView {
  @ApiProperty({ example: 3 })
  id: number;

  @ApiProperty({ description: 'Telegram user id (may exceed 2^31)', example: 5_123_456_789 })
  telegramId: number;

  @ApiProperty({ type: 'string', nullable: true, example: 'ivan_p' })
  username: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'Ivan' })
  firstName: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'Petrov' })
  lastName: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Telegram language; English clients are answered in English',
    example: 'ru',
  })
  languageCode: string | null;
}

export class SatisfactionResponse implements SatisfactionView {
  @ApiProperty({
    minimum: 1,
    maximum: 5,
    description: 'The client’s tap on the survey sent when the ticket closed',
    example: 5,
  })
  rating: number;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The client’s next message within 10 minutes of rating',
    example: 'Quick and polite, thanks!',
  })
  comment: string | null;

  @ApiProperty({ format: 'date-time', example: '2024-11-26T10:02:00.000Z' })
  ratedAt: string;
}

export class TicketResponse implements TicketView {
  @ApiProperty({ description: 'Shown to the client as #id', example: 42 })
  id: number;

  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus', example: 'in_progress' })
  status: TicketStatus;

  @ApiProperty({ type: ClientResponse })
  client: ClientResponse;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Employee id; null when unassigned', example: 7 })
  assigneeId: number | null;

  @ApiProperty({ format: 'date-time', example: '2024-11-26T09:15:00.000Z' })
  createdAt: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Moves on every status change, assignment and message',
    example: '2024-11-26T09:20:00.000Z',
  })
  updatedAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: null })
  closedAt: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: '2024-11-26T09:20:00.000Z' })
  lastMessageAt: string | null;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The start of the last message',
    example: 'My order has not arrived',
  })
  lastMessagePreview: string | null;

  @ApiProperty({ enum: TICKET_PRIORITIES, enumName: 'TicketPriority', example: 'normal' })
  priority: TicketPriority;

  @ApiProperty({ type: [String], description: 'Lower-cased, at most 20', example: ['delivery', 'vip'] })
  tags: string[];

  @ApiProperty({
    description: 'The client wrote last: no employee reply since (notes and bot notices do not count)',
    example: true,
  })
  awaitingReply: boolean;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'The client’s first message since the last reply',
    example: '2024-11-26T09:15:00.000Z',
  })
  waitingSince: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The client’s ticket before this one', example: 17 })
  previousTicketId: number | null;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'The first employee reply (not a note, not a bot notice)',
    example: '2024-11-26T09:18:00.000Z',
  })
  firstResponseAt: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'SLA_FIRST_RESPONSE_MINUTES after opening, in business hours when set; null without a target',
    example: '2024-11-26T10:15:00.000Z',
  })
  firstResponseDueAt: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'SLA_RESOLUTION_MINUTES after opening, in business hours when set; null without a target',
    example: '2024-11-27T09:15:00.000Z',
  })
  resolutionDueAt: string | null;

  @ApiProperty({
    description: 'A target passed unmet: no first response, or not closed, by its due time',
    example: false,
  })
  slaBreached: boolean;

  @ApiProperty({ type: SatisfactionResponse, nullable: true, description: 'The client’s rating, once given' })
  satisfaction: SatisfactionResponse | null;
}

export class TicketPage {
  @ApiProperty({ type: [TicketResponse] })
  items: TicketResponse[];

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
    example: 'eyJ2IjoiMjAyNC0xMS0yNlQwOToyMDowMC4wMDBaIiwiaWQiOjQyfQ',
  })
  nextCursor: string | null;
}
