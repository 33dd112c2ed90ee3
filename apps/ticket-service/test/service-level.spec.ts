import { ErrorCode, TicketRpc, TicketView } from '@app/contracts';
import { TestEnvironment } from '@app/testing';
import { TicketServiceHarness, rejectionOf } from './ticket-service.harness';

const EMPLOYEE = 3;
let nextTelegramId = 8_100_000_000;

describe('ticket-service: response-time targets and reports', () => {
  let env: TestEnvironment;
  let service: TicketServiceHarness;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    service = await TicketServiceHarness.start(env, {
      extra: { SLA_FIRST_RESPONSE_MINUTES: '30', SLA_RESOLUTION_MINUTES: '240' },
    });
  });

  afterAll(async () => {
    await service?.close();
    await env?.dispose();
  });

  async function clientWrites(text = 'Help'): Promise<TicketView> {
    nextTelegramId += 1;
    const { ticketId } = await service.rpc.call(TicketRpc.RecordInbound, {
      telegramId: nextTelegramId,
      chatId: nextTelegramId,
      telegramMessageId: 1,
      kind: 'text',
      text,
      sentAt: new Date().toISOString(),
    });
    return service.rpc.call(TicketRpc.GetTicket, { ticketId });
  }
  const get = (ticketId: number) => service.rpc.call(TicketRpc.GetTicket, { ticketId });
  /** time passes: the ticket's due times are now `minutes` ago */
  const dueAgo = (ticketId: number, minutes: number) =>
    service.db.query(
      `UPDATE ticket.tickets SET first_response_due_at = now() - make_interval(mins => $2), resolution_due_at = now() - make_interval(mins => $2)
       WHERE id = $1`,
      [ticketId, minutes],
    );
  const breachedIds = async () =>
    (await service.rpc.call(TicketRpc.ListTickets, { slaBreached: true, limit: 100 })).items.map((ticket) => ticket.id);

  it('sets the due times when a ticket opens and counts only an employee reply as the first response', async () => {
    const ticket = await clientWrites();
    const openedAt = Date.parse(ticket.createdAt);
    expect(Date.parse(ticket.firstResponseDueAt!) - openedAt).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(Date.parse(ticket.firstResponseDueAt!) - openedAt).toBeLessThanOrEqual(30 * 60_000 + 1000);
    expect(Date.parse(ticket.resolutionDueAt!) - Date.parse(ticket.firstResponseDueAt!)).toBe(210 * 60_000);
    expect(ticket).toMatchObject({ firstResponseAt: null, slaBreached: false, satisfaction: null });

    // a status change is a notice from the bot, not a response
    await service.rpc.call(TicketRpc.ChangeStatus, {
      ticketId: ticket.id,
      status: 'in_progress',
      employeeId: EMPLOYEE,
    });
    expect((await get(ticket.id)).firstResponseAt).toBeNull();
    const reply = await service.rpc.call(TicketRpc.Reply, { ticketId: ticket.id, employeeId: EMPLOYEE, text: 'On it' });
    expect((await get(ticket.id)).firstResponseAt).toBe(reply.createdAt);
    await service.rpc.call(TicketRpc.Reply, { ticketId: ticket.id, employeeId: EMPLOYEE, text: 'Still on it' });
    expect((await get(ticket.id)).firstResponseAt).toBe(reply.createdAt);
  });

  it('flags a ticket breached once a due time passes without a response, and lists it by slaBreached', async () => {
    const waiting = await clientWrites();
    const answered = await clientWrites();
    await service.rpc.call(TicketRpc.Reply, { ticketId: answered.id, employeeId: EMPLOYEE, text: 'Hello' });
    await service.db.query(
      `UPDATE ticket.tickets SET first_response_due_at = first_response_at + interval '1 minute' WHERE id = $1`,
      [answered.id],
    );
    expect((await get(waiting.id)).slaBreached).toBe(false);
    expect(await breachedIds()).not.toContain(waiting.id);

    await dueAgo(waiting.id, 1);
    expect((await get(waiting.id)).slaBreached).toBe(true);
    expect(await breachedIds()).toContain(waiting.id);
    // answered in time: its first response target is met however late it is now (its resolution is not yet due)
    expect((await get(answered.id)).slaBreached).toBe(false);
    const notBreached = await service.rpc.call(TicketRpc.ListTickets, { slaBreached: false, limit: 100 });
    expect(notBreached.items.map((ticket) => ticket.id)).toContain(answered.id);
    expect(notBreached.items.map((ticket) => ticket.id)).not.toContain(waiting.id);

    // the list sorted by first response due time puts the overdue one first
    const byDue = await service.rpc.call(TicketRpc.ListTickets, {
      sort: 'firstResponseDueAt',
      order: 'asc',
      status: ['open'],
      limit: 100,
    });
    expect(byDue.items[0].id).toBe(waiting.id);
  });

  describe('reports over a fixed data set', () => {
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      // rows written as they would be after the fact, at fixed times in January 2026 (UTC: no business hours here)
      const tickets = [
        // name, assignee, created, first response, closed, rating, rated, first response due, resolution due
        [
          'T1',
          1,
          '2026-01-05T10:00Z',
          '2026-01-05T10:02Z',
          '2026-01-05T11:00Z',
          5,
          '2026-01-05T11:05Z',
          '2026-01-05T10:30Z',
          '2026-01-05T14:00Z',
        ],
        [
          'T2',
          2,
          '2026-01-05T12:00Z',
          '2026-01-05T12:10Z',
          '2026-01-06T12:00Z',
          3,
          '2026-01-06T12:10Z',
          '2026-01-05T12:30Z',
          '2026-01-05T16:00Z',
        ],
        ['T3', 1, '2026-01-06T09:00Z', '2026-01-06T09:40Z', null, null, null, '2026-01-06T09:30Z', null],
        ['T4', null, '2026-01-06T15:00Z', null, null, null, null, '2026-01-06T15:30Z', null],
        ['T5', 2, '2026-01-07T08:00Z', '2026-01-07T08:01Z', '2026-01-07T09:00Z', 1, '2026-01-07T09:01Z', null, null],
      ] as const;
      for (const [name, assignee, created, answered, closed, rating, rated, firstDue, resolutionDue] of tickets) {
        nextTelegramId += 1;
        const [client] = await service.db.query(
          `INSERT INTO ticket.clients (telegram_id, chat_id, first_name) VALUES ($1, $1, $2) RETURNING id`,
          [nextTelegramId, name],
        );
        const [ticket] = await service.db.query(
          `INSERT INTO ticket.tickets (client_id, status, assignee_id, created_at, updated_at, first_response_at, closed_at,
             satisfaction_rating, rated_at, first_response_due_at, resolution_due_at)
           VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            client.id,
            closed ? 'closed' : 'in_progress',
            assignee,
            created,
            answered,
            closed,
            rating,
            rated,
            firstDue,
            resolutionDue,
          ],
        );
        ids[name] = ticket.id;
      }
    });

    const empty = { csatDistribution: [0, 0, 0, 0, 0] };

    it('gives per-day figures worked out by hand', async () => {
      const report = await service.rpc.call(TicketRpc.ReportSummary, {
        from: '2026-01-05',
        to: '2026-01-07',
        groupBy: 'day',
        total: true,
      });
      expect(report).toEqual({
        timeZone: 'UTC',
        from: '2026-01-05T00:00:00.000Z',
        to: '2026-01-07T00:00:00.000Z',
        rows: [
          {
            key: '2026-01-05',
            opened: 2, // T1, T2
            closed: 1, // T1
            firstResponseMedianSec: 360, // T1 120 s, T2 600 s
            firstResponseP90Sec: 552, // 120 + 0.9 × 480
            resolutionMedianSec: 3600, // T1
            resolutionP90Sec: 3600,
            slaBreaches: 1, // T2: not closed by 16:00
            csatAverage: 5,
            csatCount: 1,
            csatDistribution: [0, 0, 0, 0, 1],
          },
          {
            key: '2026-01-06',
            opened: 2, // T3, T4
            closed: 1, // T2
            firstResponseMedianSec: 2400, // T3
            firstResponseP90Sec: 2400,
            resolutionMedianSec: 86400, // T2: a day
            resolutionP90Sec: 86400,
            slaBreaches: 2, // T3 answered late, T4 never
            csatAverage: 3,
            csatCount: 1,
            csatDistribution: [0, 0, 1, 0, 0],
          },
        ],
        total: {
          key: 'total',
          opened: 4,
          closed: 2,
          firstResponseMedianSec: 600, // 120, 600 and 2400 s: over every first response, not the days' medians
          firstResponseP90Sec: 2040, // 600 + 0.8 × 1800
          resolutionMedianSec: 45000, // 3600 and 86400 s
          resolutionP90Sec: 78120, // 3600 + 0.9 × 82800
          slaBreaches: 3,
          csatAverage: 4,
          csatCount: 2,
          csatDistribution: [0, 0, 1, 0, 1],
        },
      });
    });

    it('gives per-agent figures worked out by hand, unassigned last', async () => {
      const report = await service.rpc.call(TicketRpc.ReportSummary, {
        from: '2026-01-05',
        to: '2026-01-07',
        groupBy: 'agent',
        total: true,
      });
      expect(report.rows).toEqual([
        {
          key: '1', // T1, T3
          opened: 2,
          closed: 1,
          firstResponseMedianSec: 1260, // 120 s and 2400 s
          firstResponseP90Sec: 2172, // 120 + 0.9 × 2280
          resolutionMedianSec: 3600,
          resolutionP90Sec: 3600,
          slaBreaches: 1,
          csatAverage: 5,
          csatCount: 1,
          csatDistribution: [0, 0, 0, 0, 1],
        },
        {
          key: '2', // T2 (T5 is after the range)
          opened: 1,
          closed: 1,
          firstResponseMedianSec: 600,
          firstResponseP90Sec: 600,
          resolutionMedianSec: 86400,
          resolutionP90Sec: 86400,
          slaBreaches: 1,
          csatAverage: 3,
          csatCount: 1,
          csatDistribution: [0, 0, 1, 0, 0],
        },
        {
          key: 'none', // T4
          opened: 1,
          closed: 0,
          firstResponseMedianSec: null,
          firstResponseP90Sec: null,
          resolutionMedianSec: null,
          resolutionP90Sec: null,
          slaBreaches: 1,
          csatAverage: null,
          csatCount: 0,
          ...empty,
        },
      ]);
      expect(report.total).toMatchObject({
        opened: 4,
        closed: 2,
        firstResponseMedianSec: 600,
        slaBreaches: 3,
        csatCount: 2,
      });
    });

    it('takes date-times with offsets, and keeps days without activity', async () => {
      const report = await service.rpc.call(TicketRpc.ReportSummary, {
        from: '2026-01-04T00:00:00+00:00',
        to: '2026-01-05T11:00:00Z',
      });
      expect(report.rows.map((row) => [row.key, row.opened, row.closed])).toEqual([
        ['2026-01-04', 0, 0],
        ['2026-01-05', 1, 0], // T1 opened at 10:00; closed at 11:00, the range's exclusive end
      ]);
      // the whole range's row only when asked for
      expect(report).not.toHaveProperty('total');
    });

    it('refuses an empty or reversed range', async () => {
      expect(
        await rejectionOf(service.rpc.call(TicketRpc.ReportSummary, { from: '2026-01-05', to: '2026-01-05' })),
      ).toMatchObject({
        code: ErrorCode.ValidationFailed,
      });
      expect(
        await rejectionOf(service.rpc.call(TicketRpc.ReportSummary, { from: '2026-02-30', to: '2026-03-05' })),
      ).toMatchObject({
        code: ErrorCode.ValidationFailed,
      });
    });
  });

  describe('with business hours in Moscow on one weekday only', () => {
    // a weekday two or three days ahead: a ticket opened now waits for that day's opening, and its resolution
    // target runs into the same day a week later, across a weekend
    const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const openDay = (new Date().getUTCDay() + 3) % 7;
    let env2: TestEnvironment;
    let service2: TicketServiceHarness;

    beforeAll(async () => {
      env2 = await TestEnvironment.create();
      service2 = await TicketServiceHarness.start(env2, {
        extra: {
          BUSINESS_HOURS: `Europe/Moscow ${WEEKDAYS[openDay]} 09:00-18:00`,
          SLA_FIRST_RESPONSE_MINUTES: '30',
          SLA_RESOLUTION_MINUTES: '600',
        },
      });
    });

    afterAll(async () => {
      await service2?.close();
      await env2?.dispose();
    });

    /** The next opening: that weekday's 09:00 in Moscow (UTC+3, no daylight saving), as an instant. */
    function nextOpening(now: Date): number {
      const moscow = new Date(now.getTime() + 3 * 3_600_000);
      const days = (openDay - moscow.getUTCDay() + 7) % 7 || 7;
      return Date.UTC(moscow.getUTCFullYear(), moscow.getUTCMonth(), moscow.getUTCDate() + days, 6, 0);
    }

    it('counts the targets of a ticket opened outside the hours from the next opening, on the team’s clock', async () => {
      nextTelegramId += 1;
      const before = new Date();
      const { ticketId } = await service2.rpc.call(TicketRpc.RecordInbound, {
        telegramId: nextTelegramId,
        chatId: nextTelegramId,
        telegramMessageId: 1,
        kind: 'text',
        text: 'Hello?',
        sentAt: before.toISOString(),
      });
      const ticket = await service2.rpc.call(TicketRpc.GetTicket, { ticketId });
      const opening = nextOpening(before);
      expect(ticket.firstResponseDueAt).toBe(new Date(opening + 30 * 60_000).toISOString());
      // 600 working minutes: the 540 of that day, then 60 more a week later, from 09:00 to 10:00
      expect(ticket.resolutionDueAt).toBe(new Date(opening + 7 * 86_400_000 + 60 * 60_000).toISOString());
      expect(ticket.slaBreached).toBe(false);
    });

    it('counts report days in the hours’ time zone: 01:30 in Moscow is the next day there', async () => {
      nextTelegramId += 1;
      const [client] = await service2.db.query(
        `INSERT INTO ticket.clients (telegram_id, chat_id) VALUES ($1, $1) RETURNING id`,
        [nextTelegramId],
      );
      // 22:30Z on 5 January is 01:30 on the 6th in Moscow; closed 2 hours later
      await service2.db.query(
        `INSERT INTO ticket.tickets (client_id, status, created_at, updated_at, closed_at) VALUES ($1, 'closed', $2, $2, $3)`,
        [client.id, '2026-01-05T22:30:00Z', '2026-01-06T00:30:00Z'],
      );
      const report = await service2.rpc.call(TicketRpc.ReportSummary, {
        from: '2026-01-05',
        to: '2026-01-07',
        groupBy: 'day',
      });
      expect(report).toMatchObject({
        timeZone: 'Europe/Moscow',
        from: '2026-01-04T21:00:00.000Z',
        to: '2026-01-06T21:00:00.000Z',
      });
      expect(report.rows.map((row) => [row.key, row.opened, row.closed, row.resolutionMedianSec])).toEqual([
        ['2026-01-05', 0, 0, null],
        ['2026-01-06', 1, 1, 7200],
      ]);
    });
  });
});
