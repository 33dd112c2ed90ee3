import {
  ErrorCode,
  ListTicketsRequest,
  SORT_ORDERS,
  TICKET_PRIORITIES,
  TICKET_SORT_FIELDS,
  TicketRpc,
  TicketStatus,
} from '@app/contracts';
import { STATUS_FILTERS, TicketServiceHarness, rejectionOf } from './ticket-service.harness';

const SEEDED = 64;
const ASSIGNEE_FILTERS: ListTicketsRequest['assigneeId'][] = [undefined, 1, 'none'];

interface SeededTicket {
  id: number;
  status: TicketStatus;
  assigneeId: number | null;
  /** microsecond UTC timestamps as text: they sort correctly as strings, unlike JS Dates */
  createdAt: string;
  updatedAt: string;
  /** rank 0 (low) … 3 (urgent), ties broken by id */
  priority: number;
  /** null when we answered last: such tickets are not in a waitingSince list */
  waitingSince: string | null;
  tags: string[];
  /** 'infinity' without a target, as the list orders it */
  firstResponseDueAt: string;
  firstResponseAt: string | null;
  slaBreached: boolean;
}

const DEFAULT_ORDER = {
  createdAt: 'desc',
  updatedAt: 'desc',
  priority: 'desc',
  waitingSince: 'asc',
  firstResponseDueAt: 'desc',
} as const;

const encode = (position: object) => Buffer.from(JSON.stringify(position)).toString('base64url');

/** A timestamp `us` microseconds after a fixed instant. */
const at = (us: number) => {
  const seconds = Math.floor(us / 1_000_000);
  return `2026-01-01T00:00:${String(seconds).padStart(2, '0')}.${String(us % 1_000_000).padStart(6, '0')}Z`;
};

describe('ticket-service: listing tickets', () => {
  let service: TicketServiceHarness;
  let seeded: SeededTicket[];

  beforeAll(async () => {
    service = await TicketServiceHarness.startFresh();
    seeded = await seed();
  });
  afterAll(() => service?.close());

  /**
   * Tickets with many exact ties on both timestamps (the id must break them) and values apart by
   * microseconds inside one millisecond (a cursor holding a JS Date would skip or repeat them).
   */
  async function seed(): Promise<SeededTicket[]> {
    await service.db.query(
      `INSERT INTO ticket.clients (telegram_id, chat_id, first_name)
       SELECT 7000000000 + g, 7000000000 + g, 'Seeded ' || g FROM generate_series(1, $1::int) g`,
      [SEEDED],
    );
    const clients: { id: number }[] = await service.db.query('SELECT id FROM ticket.clients ORDER BY id');
    for (const [i, client] of clients.entries()) {
      const status = (['open', 'in_progress', 'closed'] as const)[i % 3];
      const updatedAt = at(((i * 37) % 13) * 333 + 1_000_000 * (i % 2));
      await service.db.query(
        `INSERT INTO ticket.tickets (client_id, status, assignee_id, created_at, updated_at, closed_at, priority, waiting_since, tags,
           first_response_due_at, first_response_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          client.id,
          status,
          [null, 1, 2, null, 2][i % 5],
          at((i % 10) * 250),
          updatedAt,
          status === 'closed' ? updatedAt : null,
          (i * 7) % 4,
          i % 4 === 3 ? null : at(((i * 11) % 7) * 333),
          [['vip'], ['vip', 'delivery'], [], ['delivery']][i % 4],
          // no target, one long past (with ties and microseconds), or one far ahead
          [null, at(((i * 7) % 11) * 333), at(((i * 5) % 9) * 250_000), '2099-01-01T00:00:00.000001Z'][i % 4],
          // answered at 00:00:01: in time for some targets, late for others
          i % 7 < 3 ? at(1_000_000) : null,
        ],
      );
    }
    return service.db.query(
      `SELECT id, status, assignee_id AS "assigneeId",
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt",
              to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "updatedAt",
              to_char(waiting_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "waitingSince",
              priority, tags,
              COALESCE(to_char(first_response_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'infinity')
                AS "firstResponseDueAt",
              to_char(first_response_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "firstResponseAt",
              -- breached by hand: a target passed with no reply (or close) by then
              first_response_due_at IS NOT NULL AND first_response_due_at <= now()
                AND (COALESCE(first_response_at, closed_at) IS NULL OR COALESCE(first_response_at, closed_at) > first_response_due_at)
                AS "slaBreached"
       FROM ticket.tickets`,
    );
  }

  function expectedIds(request: ListTicketsRequest): number[] {
    const sort = request.sort ?? 'updatedAt';
    const sign = (request.order ?? DEFAULT_ORDER[sort]) === 'asc' ? 1 : -1;
    const compare = (a: SeededTicket, b: SeededTicket) =>
      sort === 'priority' ? a.priority - b.priority : (a[sort] ?? '').localeCompare(b[sort] ?? '');
    const awaiting = sort === 'waitingSince' ? true : request.awaitingReply;
    return seeded
      .filter((ticket) => !request.status || request.status.includes(ticket.status))
      .filter((ticket) => {
        if (request.assigneeId === undefined) return true;
        return ticket.assigneeId === (request.assigneeId === 'none' ? null : request.assigneeId);
      })
      .filter((ticket) => awaiting === undefined || (ticket.waitingSince !== null) === awaiting)
      .filter(
        (ticket) =>
          !request.priority ||
          request.priority.some((priority) => TICKET_PRIORITIES.indexOf(priority) === ticket.priority),
      )
      .filter((ticket) => !request.tags || request.tags.every((tag) => ticket.tags.includes(tag)))
      .filter((ticket) => request.slaBreached === undefined || ticket.slaBreached === request.slaBreached)
      .sort((a, b) => sign * (compare(a, b) || a.id - b.id))
      .map((ticket) => ticket.id);
  }

  /** Follows nextCursor to the end; returns the ids in the order the pages gave them. */
  async function walk(request: ListTicketsRequest, between?: (pageNumber: number) => Promise<void>): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    for (let pageNumber = 1; pageNumber <= SEEDED + 1; pageNumber++) {
      const page = await service.rpc.call(TicketRpc.ListTickets, { ...request, cursor });
      expect(page.items.length).toBeLessThanOrEqual(request.limit ?? 20);
      ids.push(...page.items.map((ticket) => ticket.id));
      if (!page.nextCursor) return ids;
      expect(page.items).toHaveLength(request.limit ?? 20);
      cursor = page.nextCursor;
      await between?.(pageNumber);
    }
    throw new Error('pagination did not end');
  }

  it('seeds ties and sub-millisecond differences, so the order really depends on ids and microseconds', () => {
    const updated = seeded.map((ticket) => ticket.updatedAt);
    expect(new Set(updated).size).toBeLessThan(SEEDED / 2);
    const sameMillisecond = new Set(updated.map((value) => value.slice(0, 23)));
    expect(sameMillisecond.size).toBeLessThan(new Set(updated).size);
  });

  it('gives every filter × sort × order combination in full, in order, without duplicates or gaps, across pages', async () => {
    let combinations = 0;
    for (const status of STATUS_FILTERS) {
      for (const assigneeId of ASSIGNEE_FILTERS) {
        for (const sort of TICKET_SORT_FIELDS) {
          for (const order of SORT_ORDERS) {
            const request: ListTicketsRequest = { status, assigneeId, sort, order, limit: 7 };
            const expected = expectedIds(request);
            expect(expected.length).toBeGreaterThan(0);
            expect({ request, ids: await walk(request) }).toEqual({ request, ids: expected });
            combinations++;
          }
        }
      }
    }
    expect(combinations).toBe(
      STATUS_FILTERS.length * ASSIGNEE_FILTERS.length * TICKET_SORT_FIELDS.length * SORT_ORDERS.length,
    );
  });

  it('combines the agent-work filters (tags, all must match; priority; awaitingReply) with every sort, across pages', async () => {
    const filters: Partial<ListTicketsRequest>[] = [
      { tags: ['vip'] },
      { tags: ['VIP ', 'delivery'] },
      { priority: ['urgent'] },
      { priority: ['low', 'high'], status: ['open', 'closed'] },
      { awaitingReply: true, assigneeId: 'none' },
      { awaitingReply: false, tags: ['delivery'] },
      { tags: ['vip'], priority: ['normal', 'urgent'], assigneeId: 2 },
    ];
    for (const filter of filters) {
      for (const sort of TICKET_SORT_FIELDS) {
        if (sort === 'waitingSince' && filter.awaitingReply === false) continue;
        for (const order of [undefined, ...SORT_ORDERS]) {
          const request: ListTicketsRequest = { ...filter, sort, order, limit: 3 };
          const expected = expectedIds({ ...request, tags: filter.tags?.map((tag) => tag.trim().toLowerCase()) });
          expect(expected.length).toBeGreaterThan(0);
          expect({ request, ids: await walk(request) }).toEqual({ request, ids: expected });
        }
      }
    }
  });

  it('refuses sort=waitingSince with awaitingReply=false: only waiting tickets have a waitingSince', async () => {
    const error = await rejectionOf(
      service.rpc.call(TicketRpc.ListTickets, { sort: 'waitingSince', awaitingReply: false }),
    );
    expect(error).toMatchObject({ code: ErrorCode.ValidationFailed });
  });

  it('filters by slaBreached under every sort, order and status, across pages', async () => {
    expect(seeded.filter((ticket) => ticket.slaBreached).length).toBeGreaterThan(5);
    expect(seeded.filter((ticket) => !ticket.slaBreached).length).toBeGreaterThan(5);
    for (const slaBreached of [true, false]) {
      for (const status of [undefined, ['open'], ['open', 'closed']] as (TicketStatus[] | undefined)[]) {
        for (const sort of TICKET_SORT_FIELDS) {
          for (const order of SORT_ORDERS) {
            const request: ListTicketsRequest = { status, slaBreached, sort, order, limit: 3 };
            expect({ request, ids: await walk(request) }).toEqual({ request, ids: expectedIds(request) });
          }
        }
      }
    }
  });

  it.each(TICKET_SORT_FIELDS.flatMap((sort) => SORT_ORDERS.map((order) => [sort, order] as const)))(
    'pages one ticket at a time by %s %s, crossing every tie and microsecond boundary',
    async (sort, order) => {
      const request: ListTicketsRequest = { sort, order, limit: 1 };
      expect(await walk(request)).toEqual(expectedIds(request));
    },
  );

  it('defaults to the 20 most recently updated tickets, and ends with nextCursor null', async () => {
    const first = await service.rpc.call(TicketRpc.ListTickets, {});
    expect(first.items.map((ticket) => ticket.id)).toEqual(expectedIds({}).slice(0, 20));
    const whole = await service.rpc.call(TicketRpc.ListTickets, { limit: 100 });
    expect(whole.items).toHaveLength(SEEDED);
    expect(whole.nextCursor).toBeNull();
  });

  it('lists each ticket exactly as GET one shows it', async () => {
    const { items } = await service.rpc.call(TicketRpc.ListTickets, { limit: 100 });
    for (const listed of items) {
      expect(listed).toEqual(await service.rpc.call(TicketRpc.GetTicket, { ticketId: listed.id }));
    }
  });

  it('shows tickets with ISO dates (to the millisecond) and the client inline', async () => {
    const request: ListTicketsRequest = { status: ['closed'], limit: 1, sort: 'createdAt', order: 'asc' };
    const { items } = await service.rpc.call(TicketRpc.ListTickets, request);
    const expected = seeded.find((ticket) => ticket.id === expectedIds(request)[0])!;
    const iso = (microseconds: string) => `${microseconds.slice(0, 23)}Z`;
    expect(items).toEqual([
      {
        id: expected.id,
        status: 'closed',
        client: {
          id: expect.any(Number),
          telegramId: expect.any(Number),
          username: null,
          firstName: expect.stringMatching(/^Seeded /),
          lastName: null,
          languageCode: null,
        },
        assigneeId: expected.assigneeId,
        createdAt: iso(expected.createdAt),
        updatedAt: iso(expected.updatedAt),
        closedAt: iso(expected.updatedAt),
        lastMessageAt: null,
        lastMessagePreview: null,
        priority: TICKET_PRIORITIES[expected.priority],
        tags: expected.tags,
        awaitingReply: expected.waitingSince !== null,
        waitingSince: expected.waitingSince && iso(expected.waitingSince),
        previousTicketId: null,
        firstResponseAt: expected.firstResponseAt,
        firstResponseDueAt: expected.firstResponseDueAt === 'infinity' ? null : iso(expected.firstResponseDueAt),
        resolutionDueAt: null,
        slaBreached: expected.slaBreached,
        satisfaction: null,
      },
    ]);
    expect(items[0].client.telegramId).toBeGreaterThan(2 ** 31);
  });

  it('stays stable while tickets change: each unchanged ticket appears exactly once', async () => {
    const request: ListTicketsRequest = { status: ['open', 'in_progress'], sort: 'updatedAt', order: 'desc', limit: 5 };
    const before = expectedIds(request);
    const moved = [before[1], before[12], before[15]];

    const seen = await walk(request, async (pageNumber) => {
      // Between pages 1 and 2, employees touch a ticket already shown and two not yet shown:
      // each jumps to the front, behind the cursor.
      if (pageNumber === 1) {
        for (const ticketId of moved)
          await service.rpc.call(TicketRpc.Assign, { ticketId, assigneeId: 9, employeeId: 9 });
      }
    });

    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(before.filter((id) => id === before[1] || !moved.includes(id)));
  });

  it.each([
    ['garbage', () => 'not-a-cursor'],
    [
      'a cursor of another sort',
      async () => (await service.rpc.call(TicketRpc.ListTickets, { sort: 'createdAt', limit: 1 })).nextCursor!,
    ],
    [
      'a cursor of another order',
      async () => (await service.rpc.call(TicketRpc.ListTickets, { order: 'asc', limit: 1 })).nextCursor!,
    ],
    ['a tampered timestamp', () => encode({ sort: 'updatedAt', order: 'desc', at: 'yesterday', id: 1 })],
    // the right shape, impossible values: Postgres would refuse them (a 500) if they got that far
    ['month 13', () => encode({ sort: 'updatedAt', order: 'desc', at: '2024-13-01T00:00:00.000000Z', id: 1 })],
    ['February 30th', () => encode({ sort: 'updatedAt', order: 'desc', at: '2024-02-30T00:00:00.000000Z', id: 1 })],
    ['hour 25', () => encode({ sort: 'updatedAt', order: 'desc', at: '2024-01-01T25:00:00.000000Z', id: 1 })],
    [
      'a ticket id over 2^31',
      () => encode({ sort: 'updatedAt', order: 'desc', at: '2024-01-01T00:00:00.000000Z', id: 2 ** 31 }),
    ],
  ])('refuses %s with INVALID_CURSOR', async (_case, makeCursor) => {
    const cursor = await makeCursor();
    expect(await rejectionOf(service.rpc.call(TicketRpc.ListTickets, { cursor }))).toMatchObject({
      code: ErrorCode.InvalidCursor,
    });
  });

  it.each([
    ['an id beyond any bigint', { id: 1e300 }],
    ['an id beyond the safe integers', { id: 2 ** 63 }],
  ])('refuses a conversation cursor with %s with INVALID_CURSOR', async (_case, position) => {
    const ticketId = (await service.rpc.call(TicketRpc.ListTickets, { limit: 1 })).items[0].id;
    expect(
      await rejectionOf(service.rpc.call(TicketRpc.ListMessages, { ticketId, cursor: encode(position) })),
    ).toMatchObject({
      code: ErrorCode.InvalidCursor,
    });
  });
});
