import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { NOTE_MAX_LENGTH, TAG_LIMITS, TICKET_PRIORITIES, TicketPriority } from '@app/contracts';

export class AddNoteRequest {
  @ApiProperty({
    description: 'Seen by employees only, never sent to the client',
    minLength: 1,
    maxLength: NOTE_MAX_LENGTH,
    example: 'Called the warehouse: ships Monday.',
  })
  @IsString()
  @MaxLength(NOTE_MAX_LENGTH)
  @Matches(/\S/, { message: 'text must not be empty' })
  text: string;
}

const TAGS_MESSAGE = `tags must be a list of at most ${TAG_LIMITS.perTicket} strings of at most ${TAG_LIMITS.length} characters`;

export class SetTagsRequest {
  @ApiProperty({
    type: [String],
    description: `Replaces the tags: trimmed, lower-cased, each once; at most ${TAG_LIMITS.perTicket}, each at most ${TAG_LIMITS.length} characters. [] clears them`,
    example: ['delivery', 'vip'],
  })
  @IsArray({ message: TAGS_MESSAGE })
  // before normalising: a list of 21 where two collapse into one is still refused only by ticket-service's count
  @ArrayMaxSize(TAG_LIMITS.perTicket * 4, { message: TAGS_MESSAGE })
  @IsString({ each: true, message: TAGS_MESSAGE })
  @MaxLength(TAG_LIMITS.length * 4, { each: true, message: TAGS_MESSAGE })
  tags: string[];
}

export class SetPriorityRequest {
  @ApiProperty({ enum: TICKET_PRIORITIES, enumName: 'TicketPriority', example: 'urgent' })
  @IsIn(TICKET_PRIORITIES, { message: `priority must be one of ${TICKET_PRIORITIES.join(', ')}` })
  priority: TicketPriority;
}
