import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { REPLY_MAX_LENGTH, TICKET_STATUSES, TicketStatus } from '@app/contracts';
import { MAX_ID } from '../../http/positive-int.pipe';

export class ChangeStatusRequest {
  @ApiProperty({
    enum: TICKET_STATUSES,
    enumName: 'TicketStatus',
    description: 'open→in_progress, open→closed, in_progress→open, in_progress→closed; the same status is a no-op',
    example: 'in_progress',
  })
  @IsIn(TICKET_STATUSES, { message: `status must be one of ${TICKET_STATUSES.join(', ')}` })
  status: TicketStatus;
}

export class AssignTicketRequest {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    description: 'An active employee’s id, or null to unassign',
    example: 7,
  })
  @ValidateIf((request: AssignTicketRequest) => request.assigneeId !== null)
  @IsInt({ message: 'assigneeId must be an employee id (integer) or null' })
  @Min(1, { message: 'assigneeId must be an employee id (integer) or null' })
  @Max(MAX_ID, { message: 'assigneeId must be an employee id (integer) or null' })
  assigneeId: number | null;
}

export class ReplyRequest {
  @ApiPropertyOptional({
    description: 'Sent to the client as plain text. Give this or `cannedReplyId`',
    minLength: 1,
    maxLength: REPLY_MAX_LENGTH,
    example: 'We have sent it again today.',
  })
  @ValidateIf((request: ReplyRequest) => request.cannedReplyId === undefined || request.text !== undefined)
  @IsString()
  @MaxLength(REPLY_MAX_LENGTH)
  @Matches(/\S/, { message: 'text must not be empty' })
  text?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'Send this canned reply instead of `text`: in the client’s language, placeholders filled',
    example: 3,
  })
  @IsOptional()
  @IsInt({ message: 'cannedReplyId must be a canned reply id' })
  @Min(1, { message: 'cannedReplyId must be a canned reply id' })
  @Max(MAX_ID, { message: 'cannedReplyId must be a canned reply id' })
  cannedReplyId?: number;
}

/**
 * The reply body as Swagger UI's "Try it out" fills it in: an empty text, refused with 400, so one careless
 * click never sends a made-up sentence to a real client. The schema keeps its example.
 */
export const ApiReplyBody = () =>
  applyDecorators(
    ApiExtraModels(ReplyRequest),
    ApiBody({
      schema: { $ref: getSchemaPath(ReplyRequest) },
      examples: {
        reply: { summary: 'Type your reply: Execute sends it to the client’s Telegram chat', value: { text: '' } },
      },
    }),
  );
