import type { Ticket, TicketListQuery, TicketStatus } from '../api/types';

export type StatusFilter = 'active' | TicketStatus;
export type AssigneeFilter = 'all' | 'me' | 'none';
export type InboxSort = 'updatedAt.desc' | 'updatedAt.asc' | 'createdAt.desc' | 'createdAt.asc';
export interface InboxFilter {
  status: StatusFilter;
  assignee: AssigneeFilter;
  sort: InboxSort;
}
export const DEFAULT_FILTER: InboxFilter = { status: 'active', assignee: 'all', sort: 'updatedAt.desc' };

/** A row of the list: the ticket, and whether a live change moved it out of the filters (it stays until a refresh). */
export interface InboxRow {
  ticket: Ticket;
  leaving: boolean;
}

export interface InboxList {
  rows: InboxRow[];
  nextCursor: string | null;
}

const STATUSES: Record<StatusFilter, TicketStatus[]> = {
  active: ['open', 'in_progress'],
  open: ['open'],
  in_progress: ['in_progress'],
  closed: ['closed'],
};

export function listQuery(filter: InboxFilter, cursor: string | null): TicketListQuery {
  const [sort, order] = filter.sort.split('.') as ['updatedAt' | 'createdAt', 'asc' | 'desc'];
  const query: TicketListQuery = {
    status: STATUSES[filter.status],
    ...(filter.assignee === 'all' ? {} : { assigneeId: filter.assignee }),
    sort,
    order,
    limit: 30,
    ...(cursor ? { cursor } : {}),
  };
  return query;
}

export function matchesFilter(ticket: Ticket, filter: InboxFilter, myId: number): boolean {
  if (!STATUSES[filter.status].includes(ticket.status)) return false;
  if (filter.assignee === 'me') return ticket.assigneeId === myId;
  if (filter.assignee === 'none') return ticket.assigneeId === null;
  return true;
}

/** A page from GET /tickets appended; a ticket already shown (it moved while paging) is not shown twice. */
export function appendPage(list: InboxList, items: Ticket[], nextCursor: string | null): InboxList {
  const shown = new Set(list.rows.map((row) => row.ticket.id));
  return {
    rows: [
      ...list.rows,
      ...items.filter((ticket) => !shown.has(ticket.id)).map((ticket) => ({ ticket, leaving: false })),
    ],
    nextCursor,
  };
}

/**
 * A ticket's new state from a live event. Rows never move under the agent's eyes: a shown ticket is
 * updated where it is (marked `leaving` when it no longer matches, e.g. closed in the open inbox); a ticket
 * new to the list goes on top when the list shows the most recent first, or at the end once the whole
 * list is loaded; otherwise the next page will bring it.
 */
export function applyTicket(list: InboxList, ticket: Ticket, filter: InboxFilter, myId: number): InboxList {
  const matches = matchesFilter(ticket, filter, myId);
  const index = list.rows.findIndex((row) => row.ticket.id === ticket.id);
  if (index >= 0) {
    if (isOlder(ticket, list.rows[index].ticket)) return list;
    const rows = list.rows.slice();
    rows[index] = { ticket, leaving: !matches };
    return { ...list, rows };
  }
  if (!matches) return list;
  if (filter.sort.endsWith('.desc')) return { ...list, rows: [{ ticket, leaving: false }, ...list.rows] };
  if (list.nextCursor === null) return { ...list, rows: [...list.rows, { ticket, leaving: false }] };
  return list;
}

/** Events may overtake each other across gateway restarts; a view older than the one shown is ignored. */
function isOlder(incoming: Ticket, shown: Ticket): boolean {
  return Date.parse(incoming.updatedAt) < Date.parse(shown.updatedAt);
}
