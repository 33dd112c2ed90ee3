import { ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { SORT_ORDERS, SortOrder, TICKET_SORT_FIELDS, TICKET_STATUSES, TicketSortField, TicketStatus } from '@app/contracts';
import { PageQuery } from './page.query';

/** "open,in_progress" (or the parameter repeated) becomes ['open', 'in_progress']. */
const toList = ({ value }: { value: unknown }) => {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part) => (typeof part === 'string' ? part.split(',') : [part]));
  return [...new Set(parts.map((part) => (typeof part === 'string' ? part.trim() : part)).filter((part) => part !== ''))];
};
const STATUS_MESSAGE = `status must be a comma-separated list of ${TICKET_STATUSES.join(', ')}`;

/** `status=open,in_progress` in OpenAPI terms: an array of enums, comma-separated (form, not exploded). */
export const ApiStatusFilter = (): MethodDecorator =>
  ApiQuery({
    name: 'status',
    required: false,
    description: 'Only tickets in these statuses, comma-separated (`open,in_progress`)',
    style: 'form',
    explode: false,
    schema: { type: 'array', items: { type: 'string', enum: [...TICKET_STATUSES] }, uniqueItems: true },
    example: ['open', 'in_progress'],
  });

export const ASSIGNEE_FILTER = /^(me|none|[1-9]\d{0,9})$/;

export class ListTicketsQuery extends PageQuery {
  // Documented by ApiStatusFilter: a property cannot say `style: form, explode: false`.
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayNotEmpty({ message: STATUS_MESSAGE })
  @IsIn(TICKET_STATUSES, { each: true, message: STATUS_MESSAGE })
  status?: TicketStatus[];

  @ApiPropertyOptional({
    description: 'An employee id, `me` (the caller) or `none` (unassigned)',
    type: 'string',
    pattern: ASSIGNEE_FILTER.source,
    example: 'me',
  })
  @IsOptional()
  @Matches(ASSIGNEE_FILTER, { message: 'assigneeId must be an employee id, me or none' })
  assigneeId?: string;

  @ApiPropertyOptional({ description: 'What the list is sorted by', enum: TICKET_SORT_FIELDS, default: 'updatedAt' })
  @IsOptional()
  @IsIn(TICKET_SORT_FIELDS, { message: `sort must be one of ${TICKET_SORT_FIELDS.join(', ')}` })
  sort?: TicketSortField;

  @ApiPropertyOptional({ description: 'Only tickets that missed a response-time target (true), or that did not (false)', enum: ['true', 'false'] })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'slaBreached must be true or false' })
  slaBreached?: boolean;

  @ApiPropertyOptional({ description: 'Sort direction', enum: SORT_ORDERS, default: 'desc' })
  @IsOptional()
  @IsIn(SORT_ORDERS, { message: `order must be one of ${SORT_ORDERS.join(', ')}` })
  order?: SortOrder;
}
