import { z } from 'zod';
import { SortOrder, TicketSortField } from '@app/contracts';
import { cursorTimestamp } from '../pagination/cursor';
import { FIRST_RESPONSE_DUE_SORT, NO_DUE_TIME } from './sla-list-terms';

/**
 * How the list sorts by each key. Every key is a keyset on (column, id): the cursor holds the last row's
 * column value (`cursorValue` checks it, `cast` types it back in SQL) and id, and each key has indexes on
 * (status, column, id), per assignee and for the unassigned (see the migrations).
 */
export interface TicketSortKey {
  column: string;
  cursorValue: z.ZodType<string | number>;
  cast: 'timestamptz' | 'smallint';
  /** the column's value as the cursor holds it */
  valueSql(column: string): string;
  /** the order when none is asked for */
  defaultOrder: SortOrder;
  /** a condition the sort implies: only rows that have a value to sort by */
  implies?: string;
}

const timestampKey = (column: string): TicketSortKey => ({
  column,
  cursorValue: cursorTimestamp,
  cast: 'timestamptz',
  // microseconds, which a JS Date would lose
  valueSql: (value) => `to_char(${value} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  defaultOrder: 'desc',
});

export const TICKET_SORT_KEYS: Record<TicketSortField, TicketSortKey> = {
  createdAt: timestampKey('created_at'),
  updatedAt: timestampKey('updated_at'),
  // the rank: desc puts urgent first
  priority: {
    column: 'priority',
    cursorValue: z.number().int().min(0).max(3),
    cast: 'smallint',
    valueSql: (value) => value,
    defaultOrder: 'desc',
  },
  // the queue an agent works: who has waited longest comes first
  waitingSince: { ...timestampKey('waiting_since'), defaultOrder: 'asc', implies: 'waiting_since IS NOT NULL' },
  // response-time targets: the first response due soonest first when ascending; tickets without a target last
  firstResponseDueAt: {
    column: FIRST_RESPONSE_DUE_SORT,
    cursorValue: z.union([cursorTimestamp, z.literal(NO_DUE_TIME)]),
    cast: 'timestamptz',
    valueSql: (value) =>
      `CASE WHEN ${value} = 'infinity' THEN '${NO_DUE_TIME}' ELSE to_char(${value} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') END`,
    defaultOrder: 'desc',
  },
};
