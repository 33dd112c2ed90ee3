import { ApiProperty } from '@nestjs/swagger';
import { ErrorCode } from '@app/contracts';

/** The body of every error this API returns. */
export class ErrorResponse {
  @ApiProperty({ description: 'The HTTP status, repeated in the body', example: 409 })
  statusCode: number;

  @ApiProperty({
    description: 'A stable code to branch on (the message is for humans and may change)',
    enum: Object.values(ErrorCode),
    enumName: 'ErrorCode',
    example: ErrorCode.TicketClosed,
  })
  code: ErrorCode;

  @ApiProperty({ description: 'What went wrong, in words', example: 'Ticket #42 is closed' })
  message: string;
}
