import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryPrepared } from '@app/database';
import { z } from 'zod';
import {
  ListTicketsQuery,
  PAGE_LIMIT,
  Page,
  SORT_ORDERS,
  SortOrder,
  TICKET_SORT_FIELDS,
  TICKET_STATUSES,
  TicketView,
} from '@app/contracts';
import { MAX_INTEGER_ID, cursorId, decodeCursor, encodeCursor, invalidCursor } from '../pagination/cursor';
import { listConditions, plansPerValue } from './ticket-list-filters';
import { TICKET_VIEW_COLUMNS, TicketViewRow, toTicketView } from './ticket.view';
import { TICKET_SORT_KEYS } from './ticket-sort-keys';
import { SEARCH_RANDOM_PAGE_COST, searchWords } from './ticket-search';

/** Where a page ended: the last row's sort value (a timestamp at full microsecond precision, or a rank) and its id. */
export interface TicketListPosition {
  at: string | number;
  id: number;
}

const TicketCursor = z
  .object({
    sort: z.enum(TICKET_SORT_FIELDS),
    order: z.enum(SORT_ORDERS),
    // checked against the sort key's own type (TICKET_SORT_KEYS) once the sort is known
    at: z.union([z.string(), z.number()]),
    id: cursorId(MAX_INTEGER_ID),
  })
  .strict();

/** The order a page is in: the one asked for, or the sort key's natural one. */
export function orderOf(query: ListTicketsQuery): SortOrder {
  return query.order ?? TICKET_SORT_KEYS[query.sort].defaultOrder;
}
/**
 * Each branch's LIMIT, a constant whatever the page size. Rows are pulled lazily, so a branch never reads
 * more than the page needs; with a constant here the generic plan of the prepared statement costs what a
 * custom plan does, so Postgres keeps it and stops planning every page (planning took longer than running).
 */
const BRANCH_LIMIT = PAGE_LIMIT.max + 1;

/**
 * The SQL of one page (one row more than the limit, to know whether another page follows), views and all in
 * one statement; exported so the plan test explains exactly what the service runs.
 *
 * Keyset pagination on (sort column, id), id breaking ties. `status IN (a, b) ORDER BY updated_at` cannot
 * read an index on (status, updated_at) in order, so the query runs one branch per status (all three when
 * unfiltered), each an ordered index-only scan that stops at the limit, and merges the branches' few rows;
 * only the page's rows are then read from the table and joined with their clients.
 */
export function ticketPageSql(
  query: ListTicketsQuery,
  after: TicketListPosition | null,
  words: string[] = [],
): { sql: string; params: unknown[] } {
  const key = TICKET_SORT_KEYS[query.sort];
  const column = key.column;
  const direction = orderOf(query) === 'asc' ? 'ASC' : 'DESC';
  const params: unknown[] = [query.limit + 1];
  const param = (value: unknown) => `$${params.push(value)}`;

  const shared = listConditions(query, param, words);
  if (after) {
    // A row comparison is an index condition on (…, column, id): the scan starts right after the cursor.
    shared.push(
      `(${column}, id) ${direction === 'ASC' ? '>' : '<'} (${param(after.at)}::${key.cast}, ${param(after.id)}::integer)`,
    );
  }

  const statuses = [...new Set(query.status ?? TICKET_STATUSES)];
  const branches = statuses.map((status) => {
    const where = [`status = ${param(status)}`, ...shared].join(' AND ');
    return `(SELECT id, ${column} AS sort_at FROM ticket.tickets WHERE ${where}
      ORDER BY ${column} ${direction}, id ${direction} LIMIT ${BRANCH_LIMIT})`;
  });
  const sql = `SELECT ${TICKET_VIEW_COLUMNS}, ${key.valueSql('page.sort_at')} AS sort_value
    FROM (SELECT id, sort_at FROM (${branches.join(' UNION ALL ')}) AS branch
          ORDER BY sort_at ${direction}, id ${direction} LIMIT $1) AS page
    JOIN ticket.tickets t ON t.id = page.id
    JOIN ticket.clients c ON c.id = t.client_id
    ORDER BY page.sort_at ${direction}, page.id ${direction}`;
  return { sql, params };
}

type PageRow = TicketViewRow & { sort_value: string | number };

/** Lists tickets by filters and search, in the order of any sort key, a page at a time. */
@Injectable()
export class TicketQuery {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: ListTicketsQuery): Promise<Page<TicketView>> {
    const after = query.cursor ? this.positionOf(query.cursor, query) : null;
    const rows = query.q === undefined ? await this.page(query, after) : await this.search(query, query.q, after);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const hasMore = rows.length > query.limit && last !== undefined;
    return {
      items: page.map(toTicketView),
      nextCursor: hasMore
        ? encodeCursor({ sort: query.sort, order: orderOf(query), at: last.sort_value, id: last.id })
        : null,
    };
  }

  /**
   * Prepared (see runPrepared: a page's text depends only on the filters' shape and the sort, so there are a
   * few hundred at most), except a page whose best plan depends on the values (tags): planned anew.
   */
  private async page(query: ListTicketsQuery, after: TicketListPosition | null): Promise<PageRow[]> {
    const { sql, params } = ticketPageSql(query, after);
    return queryPrepared<PageRow>(this.dataSource, sql, params, { prepare: !plansPerValue(query) });
  }

  /**
   * A search's page, planned for its words. A rare word's tickets are found by looking each of its messages'
   * ticket up by id; Postgres's default cost of such a lookup (random_page_cost 4, a disk seek) made it scan
   * a whole status's index instead (the plan test's waiting queue: 16,000 entries for 52 messages), though
   * the index pages are in memory. So the search's transaction costs them as memory.
   */
  private async search(query: ListTicketsQuery, q: string, after: TicketListPosition | null): Promise<PageRow[]> {
    return this.dataSource.transaction(async (manager) => {
      const words = await searchWords(manager, q, { random_page_cost: SEARCH_RANDOM_PAGE_COST });
      const { sql, params } = ticketPageSql(query, after, words);
      return queryPrepared<PageRow>(manager, sql, params, { prepare: false });
    });
  }

  private positionOf(cursor: string, query: ListTicketsQuery): TicketListPosition {
    const position = decodeCursor(cursor, TicketCursor);
    // A cursor continues the order it was made for; in another order it would point nowhere sensible.
    if (position.sort !== query.sort || position.order !== orderOf(query)) {
      throw invalidCursor(`The cursor belongs to a list sorted by ${position.sort} ${position.order}`);
    }
    if (!TICKET_SORT_KEYS[query.sort].cursorValue.safeParse(position.at).success) throw invalidCursor();
    return { at: position.at, id: position.id };
  }
}
