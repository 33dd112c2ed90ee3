import { DEFAULT_FILTER, InboxFilter, InboxList, appendPage, applyTicket, listQuery, matchesFilter } from './inbox';
import { ticketFixture } from './ticket-fixture';

const ME = 7;
const list = (ids: number[], nextCursor: string | null = null): InboxList =>
  appendPage(
    { rows: [], nextCursor: null },
    ids.map((id) => ticketFixture(id)),
    nextCursor,
  );
const ids = (inbox: InboxList) => inbox.rows.map((row) => row.ticket.id);
const open: InboxFilter = { ...DEFAULT_FILTER, status: 'open' };

describe('inbox list', () => {
  it('asks the API for the filters the agent chose, several statuses comma-separated by the client', () => {
    expect(listQuery({ status: 'active', assignee: 'me', sort: 'createdAt.asc' }, 'abc')).toEqual({
      status: ['open', 'in_progress'],
      assigneeId: 'me',
      sort: 'createdAt',
      order: 'asc',
      limit: 30,
      cursor: 'abc',
    });
    expect(listQuery(DEFAULT_FILTER, null)).not.toHaveProperty('assigneeId');
  });

  it('matches a ticket against status and assignee filters', () => {
    expect(matchesFilter(ticketFixture(1), open, ME)).toBe(true);
    expect(matchesFilter(ticketFixture(1, { status: 'closed' }), open, ME)).toBe(false);
    expect(matchesFilter(ticketFixture(1, { assigneeId: ME }), { ...open, assignee: 'me' }, ME)).toBe(true);
    expect(matchesFilter(ticketFixture(1, { assigneeId: 3 }), { ...open, assignee: 'me' }, ME)).toBe(false);
    expect(matchesFilter(ticketFixture(1, { assigneeId: 3 }), { ...open, assignee: 'none' }, ME)).toBe(false);
  });

  it('does not show a ticket twice when it moved between pages', () => {
    expect(ids(appendPage(list([3, 2]), [ticketFixture(2), ticketFixture(1)], null))).toEqual([3, 2, 1]);
  });

  it('puts a new matching ticket on top of a newest-first list', () => {
    expect(ids(applyTicket(list([2, 1]), ticketFixture(3), open, ME))).toEqual([3, 2, 1]);
  });

  it('adds a new ticket to an oldest-first list only once the end is loaded (a later page brings it otherwise)', () => {
    const asc: InboxFilter = { ...open, sort: 'createdAt.asc' };
    expect(ids(applyTicket(list([1, 2], 'more'), ticketFixture(3), asc, ME))).toEqual([1, 2]);
    expect(ids(applyTicket(list([1, 2]), ticketFixture(3), asc, ME))).toEqual([1, 2, 3]);
  });

  it('updates a shown ticket where it is, without moving rows', () => {
    const updated = applyTicket(
      list([3, 2, 1]),
      ticketFixture(2, { assigneeId: 5, updatedAt: '2026-01-01T11:00:00.000Z' }),
      open,
      ME,
    );
    expect(ids(updated)).toEqual([3, 2, 1]);
    expect(updated.rows[1].ticket.assigneeId).toBe(5);
  });

  it('keeps a ticket that left the filters in place, marked, until the list is refreshed', () => {
    const closed = applyTicket(
      list([2, 1]),
      ticketFixture(1, { status: 'closed', updatedAt: '2026-01-01T11:00:00.000Z' }),
      open,
      ME,
    );
    expect(ids(closed)).toEqual([2, 1]);
    expect(closed.rows[1]).toMatchObject({ leaving: true, ticket: { status: 'closed' } });
  });

  it('ignores a ticket that does not match and is not shown', () => {
    const before = list([1]);
    expect(applyTicket(before, ticketFixture(9, { status: 'closed' }), open, ME)).toBe(before);
  });

  it('ignores a view older than the one shown (events overtaken by a fresher read)', () => {
    const fresh = applyTicket(
      list([1]),
      ticketFixture(1, { assigneeId: 5, updatedAt: '2026-01-01T12:00:00.000Z' }),
      open,
      ME,
    );
    const stale = applyTicket(
      fresh,
      ticketFixture(1, { assigneeId: null, updatedAt: '2026-01-01T11:00:00.000Z' }),
      open,
      ME,
    );
    expect(stale.rows[0].ticket.assigneeId).toBe(5);
  });
});
