import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ListTicketsSchema, Page, SORT_ORDERS, TICKET_SORT_FIELDS, TICKET_STATUSES, TicketView } from '@app/contracts';
import { MICROSECOND_TIMESTAMP, decodeCursor, encodeCursor, invalidCursor } from '../pagination/cursor';
import { ticketViewsByIds } from './ticket-page-rows';

export type TicketListQuery = z.output<typeof ListTicketsSchema>;

/** Where a page ended: the last row's sort value, at full microsecond precision, and its id. */
export interface TicketListPosition {
  at: string;
  id: number;
}

const TicketCursor = z
  .object({
    sort: z.enum(TICKET_SORT_FIELDS),
    order: z.enum(SORT_ORDERS),
    at: z.string().regex(MICROSECOND_TIMESTAMP),
    id: z.number().int().positive(),
  })
  .strict();

const SORT_COLUMNS = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;

/**
 * The SQL of one page (one row more than the limit, to know whether another page follows); exported so
 * the plan test explains exactly what the service runs.
 *
 * Keyset pagination on (sort column, id), id breaking ties. `status IN (a, b) ORDER BY updated_at` cannot
 * read an index on (status, updated_at) in order, so the query runs one branch per status (all three when
 * unfiltered), each an ordered index scan that stops at the limit, and merges the branches' few rows.
 */
export function ticketPageSql(query: TicketListQuery, after: TicketListPosition | null): { sql: string; params: unknown[] } {
  const column = SORT_COLUMNS[query.sort];
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const params: unknown[] = [query.limit + 1];
  const param = (value: unknown) => `$${params.push(value)}`;

  const shared: string[] = [];
  if (query.assigneeId === 'none') shared.push('assignee_id IS NULL');
  else if (query.assigneeId !== undefined) shared.push(`assignee_id = ${param(query.assigneeId)}`);
  if (after) {
    // A row comparison is an index condition on (…, column, id): the scan starts right after the cursor.
    shared.push(`(${column}, id) ${direction === 'ASC' ? '>' : '<'} (${param(after.at)}::timestamptz, ${param(after.id)}::integer)`);
  }

  const statuses = [...new Set(query.status ?? TICKET_STATUSES)];
  const branches = statuses.map((status) => {
    const where = [`status = ${param(status)}`, ...shared].join(' AND ');
    return `(SELECT id, ${column} AS sort_at FROM ticket.tickets WHERE ${where}
      ORDER BY ${column} ${direction}, id ${direction} LIMIT $1)`;
  });
  const sql = `SELECT id, to_char(sort_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_value
    FROM (${branches.join(' UNION ALL ')}) AS page
    ORDER BY sort_at ${direction}, id ${direction} LIMIT $1`;
  return { sql, params };
}

/** Lists tickets by filters, newest or oldest first by either timestamp, a page at a time. */
@Injectable()
export class TicketQuery {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: TicketListQuery): Promise<Page<TicketView>> {
    const after = query.cursor ? this.positionOf(query.cursor, query) : null;
    const { sql, params } = ticketPageSql(query, after);
    const rows: { id: number; sort_value: string }[] = await this.dataSource.query(sql, params);
    const page = rows.slice(0, query.limit);

    const items = await ticketViewsByIds(this.dataSource.manager, page.map((row) => row.id));
    const last = page.at(-1);
    const hasMore = rows.length > query.limit && last !== undefined;
    return {
      items,
      nextCursor: hasMore ? encodeCursor({ sort: query.sort, order: query.order, at: last.sort_value, id: last.id }) : null,
    };
  }

  private positionOf(cursor: string, query: TicketListQuery): TicketListPosition {
    const position = decodeCursor(cursor, TicketCursor);
    // A cursor continues the order it was made for; in another order it would point nowhere sensible.
    if (position.sort !== query.sort || position.order !== query.order) {
      throw invalidCursor(`The cursor belongs to a list sorted by ${position.sort} ${position.order}`);
    }
    return { at: position.at, id: position.id };
  }
}
