import { ApiProperty } from '@nestjs/swagger';
import { HISTORY_ACTIONS, HistoryAction, TicketHistoryEntry } from '@app/contracts';

const VALUE = {
  nullable: true,
  oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'array', items: { type: 'string' } }],
  description: 'A status, an assignee id (null: unassigned), a priority, or the list of tags',
};

export class TicketHistoryEntryResponse implements TicketHistoryEntry {
  @ApiProperty({ format: 'date-time', example: '2024-11-26T09:20:00.000Z' })
  at: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Who changed it; null when the desk did (auto-assignment)',
    example: 7,
  })
  employeeId: number | null;

  @ApiProperty({ enum: HISTORY_ACTIONS, enumName: 'HistoryAction', example: 'status' })
  action: HistoryAction;

  @ApiProperty({ ...VALUE, example: 'open' })
  from: string | number | string[] | null;

  @ApiProperty({ ...VALUE, example: 'in_progress' })
  to: string | number | string[] | null;
}

export class TicketHistoryResponse {
  @ApiProperty({ type: [TicketHistoryEntryResponse], description: 'Oldest first' })
  items: TicketHistoryEntryResponse[];
}
