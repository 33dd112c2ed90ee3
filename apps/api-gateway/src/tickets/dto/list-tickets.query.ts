import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  PAGE_LIMIT,
  SORT_ORDERS,
  SortOrder,
  TAG_LIMITS,
  TICKET_PRIORITIES,
  TICKET_SORT_FIELDS,
  TICKET_STATUSES,
  TicketPriority,
  TicketSortField,
  TicketStatus,
} from '@app/contracts';
import { QuickCheckedBy } from '../../http/validation';
import { PageQuery } from './page.query';

/** "open,in_progress" (or the parameter repeated) becomes ['open', 'in_progress']. */
const toList = ({ value }: { value: unknown }) => {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part) =>
    typeof part === 'string' ? part.split(',') : [part],
  );
  return [
    ...new Set(parts.map((part) => (typeof part === 'string' ? part.trim() : part)).filter((part) => part !== '')),
  ];
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
  });

export const ASSIGNEE_FILTER = /^(me|none|[1-9]\d{0,9})$/;
const PRIORITY_MESSAGE = `priority must be a comma-separated list of ${TICKET_PRIORITIES.join(', ')}`;
const TAG_MESSAGE = `tag must be a comma-separated list of at most ${TAG_LIMITS.perTicket} tags of at most ${TAG_LIMITS.length} characters`;

/** A list filter given as `a,b` (or repeated), in OpenAPI terms. */
const ApiListFilter = (name: string, description: string, items: object, example: string[]): MethodDecorator =>
  ApiQuery({
    name,
    required: false,
    description,
    style: 'form',
    explode: false,
    schema: { type: 'array', items, uniqueItems: true },
    example,
  });

/** The filters of agent work (issue 16) that are lists, documented as `status` is. */
export const ApiAgentWorkFilters = (): MethodDecorator =>
  applyDecorators(
    ApiListFilter(
      'tag',
      'Only tickets with all of these tags, comma-separated',
      { type: 'string', maxLength: TAG_LIMITS.length },
      ['delivery'],
    ),
    ApiListFilter(
      'priority',
      'Only tickets of these priorities, comma-separated',
      { type: 'string', enum: [...TICKET_PRIORITIES] },
      ['urgent'],
    ),
  );

@QuickCheckedBy((raw) => acceptListTicketsQuery(raw))
export class ListTicketsQuery extends PageQuery {
  // Documented by ApiStatusFilter: a property cannot say `style: form, explode: false`.
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayNotEmpty({ message: STATUS_MESSAGE })
  @IsIn(TICKET_STATUSES, { each: true, message: STATUS_MESSAGE })
  status?: TicketStatus[];

  @ApiPropertyOptional({
    description: 'An employee id, `me` (the caller) or `none` (unassigned); leave empty for every ticket',
    type: 'string',
    pattern: ASSIGNEE_FILTER.source,
  })
  @IsOptional()
  @Matches(ASSIGNEE_FILTER, { message: 'assigneeId must be an employee id, me or none' })
  assigneeId?: string;

  @ApiPropertyOptional({
    description:
      'Full-text search (Russian and English stemming) over the conversation (notes, file names and edited versions included), the client’s names and username: a ticket matches when its messages together hold every word (at most 8 distinct words; stop words are ignored); `#42` also finds ticket 42',
    maxLength: 200,
  })
  @IsOptional()
  @IsString({ message: 'q must be given once, as a string' })
  @MaxLength(200)
  @Matches(/\S/, { message: 'q must not be empty' })
  q?: string;

  @ApiPropertyOptional({ description: 'Only this client’s tickets', type: 'integer', minimum: 1 })
  @IsOptional()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'clientId must be a client id' })
  clientId?: string;

  // Documented by ApiAgentWorkFilters
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayNotEmpty({ message: TAG_MESSAGE })
  @ArrayMaxSize(TAG_LIMITS.perTicket, { message: TAG_MESSAGE })
  @MaxLength(TAG_LIMITS.length, { each: true, message: TAG_MESSAGE })
  tag?: string[];

  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayNotEmpty({ message: PRIORITY_MESSAGE })
  @IsIn(TICKET_PRIORITIES, { each: true, message: PRIORITY_MESSAGE })
  priority?: TicketPriority[];

  @ApiPropertyOptional({
    description: 'true: only tickets whose client wrote last (awaiting our reply); false: the others',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'awaitingReply must be true or false' })
  awaitingReply?: 'true' | 'false';

  @ApiPropertyOptional({
    description:
      'What the list is sorted by. `priority` (desc: urgent first); `waitingSince` lists only tickets awaiting a reply, longest waiting first by default; `firstResponseDueAt` (asc: due soonest first, no target last)',
    enum: TICKET_SORT_FIELDS,
    default: 'updatedAt',
  })
  @IsOptional()
  @IsIn(TICKET_SORT_FIELDS, { message: `sort must be one of ${TICKET_SORT_FIELDS.join(', ')}` })
  sort?: TicketSortField;

  @ApiPropertyOptional({
    description: 'Only tickets that missed a response-time target (true), or that did not (false)',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'slaBreached must be true or false' })
  slaBreached?: boolean;

  @ApiPropertyOptional({ description: 'Sort direction; default desc (asc for waitingSince)', enum: SORT_ORDERS })
  @IsOptional()
  @IsIn(SORT_ORDERS, { message: `order must be one of ${SORT_ORDERS.join(', ')}` })
  order?: SortOrder;
}

const STATUS_SET: ReadonlySet<string> = new Set(TICKET_STATUSES);
const PRIORITY_SET: ReadonlySet<string> = new Set(TICKET_PRIORITIES);
const SORT_FIELD_SET: ReadonlySet<string> = new Set(TICKET_SORT_FIELDS);
const SORT_ORDER_SET: ReadonlySet<string> = new Set(SORT_ORDERS);

/** toList for one string: split, trimmed, empties dropped, each once. */
const splitList = (value: string): string[] => [
  ...new Set(
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  ),
];
const everyIn = (values: string[], allowed: ReadonlySet<string>) =>
  values.length > 0 && values.every((value) => allowed.has(value));

/**
 * The list is the console's most frequent request, and class-transformer and class-validator (reflection
 * and metadata look-ups per request) were a sizeable share of the gateway's CPU for it. This check accepts
 * the well-formed queries the decorators above accept, each parameter given once, and gives the same
 * values; anything else (a repeated parameter, an unknown one, a bad value) gets `undefined`, and the
 * validation pipe's decorators then decide, naming what is wrong. So the decorators stay the rule, and this
 * must only never accept what they refuse.
 */
export function acceptListTicketsQuery(raw: unknown): ListTicketsQuery | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const query = new ListTicketsQuery();
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') return undefined;
    switch (key) {
      case 'limit': {
        if (!/^\d{1,6}$/.test(value)) return undefined;
        const limit = Number(value);
        if (limit < PAGE_LIMIT.min || limit > PAGE_LIMIT.max) return undefined;
        query.limit = limit;
        break;
      }
      case 'cursor':
        if (value.length > 512) return undefined;
        query.cursor = value;
        break;
      case 'status': {
        const statuses = splitList(value);
        if (!everyIn(statuses, STATUS_SET)) return undefined;
        query.status = statuses as TicketStatus[];
        break;
      }
      case 'priority': {
        const priorities = splitList(value);
        if (!everyIn(priorities, PRIORITY_SET)) return undefined;
        query.priority = priorities as TicketPriority[];
        break;
      }
      case 'tag': {
        const tags = splitList(value);
        if (
          tags.length === 0 ||
          tags.length > TAG_LIMITS.perTicket ||
          tags.some((tag) => tag.length > TAG_LIMITS.length)
        )
          return undefined;
        query.tag = tags;
        break;
      }
      case 'assigneeId':
        if (!ASSIGNEE_FILTER.test(value)) return undefined;
        query.assigneeId = value;
        break;
      case 'q':
        if (value.length > 200 || !/\S/.test(value)) return undefined;
        query.q = value;
        break;
      case 'clientId':
        if (!/^[1-9]\d{0,9}$/.test(value)) return undefined;
        query.clientId = value;
        break;
      case 'awaitingReply':
        if (value !== 'true' && value !== 'false') return undefined;
        query.awaitingReply = value;
        break;
      case 'slaBreached':
        if (value !== 'true' && value !== 'false') return undefined;
        query.slaBreached = value === 'true';
        break;
      case 'sort':
        if (!SORT_FIELD_SET.has(value)) return undefined;
        query.sort = value as TicketSortField;
        break;
      case 'order':
        if (!SORT_ORDER_SET.has(value)) return undefined;
        query.order = value as SortOrder;
        break;
      default:
        return undefined;
    }
  }
  return query;
}
