import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode, TicketView } from '@app/contracts';
import { Desk, clientWrites, startDesk } from './desk-harness';
import { Hired, Session } from './gateway-harness';

describe('api-gateway reading tickets, from the real ticket-service over RabbitMQ', () => {
  let desk: Desk;
  let app: NestExpressApplication;
  let admin: Session;
  let adminId: number;
  let agent: Hired;
  const newTicket = (text?: string) => desk.newTicket(text);

  beforeAll(async () => {
    desk = await startDesk();
    ({ app, admin, adminId, agent } = desk);
  });

  afterAll(async () => {
    await desk?.close();
  });

  describe('GET /tickets', () => {
    it('lists tickets with the design’s shape, most recently updated first', async () => {
      const telegramId = desk.newTelegramId();
      const { ticketId } = await clientWrites(app, telegramId, 'Hello, my parcel is lost');
      const later = await newTicket('Second client');

      const response = await admin.get('/tickets?limit=100').expect(200);

      expect(response.body).toEqual({ items: expect.any(Array), nextCursor: null });
      expect(response.body.items.map((ticket: TicketView) => ticket.id).slice(0, 2)).toEqual([later, ticketId]);
      expect(response.body.items.find((ticket: TicketView) => ticket.id === ticketId)).toEqual({
        id: ticketId,
        status: 'open',
        client: {
          id: expect.any(Number),
          telegramId,
          username: `client${telegramId}`,
          firstName: 'Ivan',
          lastName: 'Petrov',
          languageCode: 'ru',
        },
        assigneeId: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        closedAt: null,
        lastMessageAt: expect.any(String),
        lastMessagePreview: 'Hello, my parcel is lost',
        priority: 'normal',
        tags: [],
        awaitingReply: true,
        waitingSince: expect.any(String),
        previousTicketId: null,
        firstResponseAt: null,
        firstResponseDueAt: null,
        resolutionDueAt: null,
        slaBreached: false,
        satisfaction: null,
      });
    });

    it('filters by status (comma-separated) and by assignee: an id, me, none', async () => {
      const open = await newTicket();
      const mine = await newTicket();
      const agents = await newTicket();
      const closed = await newTicket();
      await agent.session.patch(`/tickets/${mine}/status`, { status: 'in_progress' }).expect(200);
      await admin.patch(`/tickets/${agents}/assignee`, { assigneeId: agent.id }).expect(200);
      await admin.patch(`/tickets/${closed}/status`, { status: 'closed' }).expect(200);

      const ids = async (session: Session, query: string) =>
        ((await session.get(`/tickets?limit=100&${query}`).expect(200)).body.items as TicketView[]).map(
          (ticket) => ticket.id,
        );

      expect(await ids(admin, 'status=closed')).toContain(closed);
      expect(await ids(admin, 'status=closed')).not.toContain(open);
      const active = await ids(admin, 'status=open,in_progress');
      expect(active).toEqual(expect.arrayContaining([open, mine, agents]));
      expect(active).not.toContain(closed);
      expect(await ids(admin, 'status=in_progress')).toEqual([mine]);
      expect(await ids(admin, 'status=open&status=in_progress')).toEqual(active);

      expect((await ids(agent.session, 'assigneeId=me')).sort()).toEqual([mine, agents].sort());
      expect((await ids(admin, `assigneeId=${agent.id}`)).sort()).toEqual([mine, agents].sort());
      expect(await ids(admin, 'assigneeId=me')).toEqual([]);
      const unassigned = await ids(admin, 'assigneeId=none');
      expect(unassigned).toEqual(expect.arrayContaining([open, closed]));
      expect(unassigned).not.toContain(mine);
      expect(await ids(agent.session, 'assigneeId=me&status=open')).toEqual([agents]);
    });

    it('sorts by createdAt or updatedAt, either way, and pages with the cursor without gaps or repeats', async () => {
      const created = [await newTicket(), await newTicket(), await newTicket()];
      // Touching the first makes it the most recently updated, though it is the oldest.
      await admin.patch(`/tickets/${created[0]}/assignee`, { assigneeId: adminId }).expect(200);

      const list = async (query: string) =>
        ((await admin.get(`/tickets?limit=100&${query}`).expect(200)).body.items as TicketView[]).map((t) => t.id);
      const byCreatedAsc = await list('sort=createdAt&order=asc');
      const byCreatedDesc = await list('sort=createdAt&order=desc');
      expect(byCreatedDesc).toEqual([...byCreatedAsc].reverse());
      expect(byCreatedAsc.slice(-3)).toEqual(created);
      expect((await list('sort=updatedAt'))[0]).toBe(created[0]);
      expect(await list('')).toEqual(await list('sort=updatedAt&order=desc'));

      const paged: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/tickets?sort=createdAt&order=asc&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await admin.get(query).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.body.items.map((ticket: TicketView) => ticket.id));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 100);
      expect(paged).toEqual(byCreatedAsc);
    });

    it('refuses malformed or unknown query parameters with 400 naming what was wrong', async () => {
      const cases: Record<string, string> = {
        'limit=0': 'limit must be an integer from 1 to 100',
        'limit=101': 'limit must be an integer from 1 to 100',
        'limit=ten': 'limit must be an integer from 1 to 100',
        'limit=2.5': 'limit must be an integer from 1 to 100',
        'limit=1&limit=2': 'limit must be an integer from 1 to 100',
        'status=open,pending': 'status must be a comma-separated list of open, in_progress, closed',
        'status=': 'status must be a comma-separated list of open, in_progress, closed',
        'sort=loudness': 'sort must be one of createdAt, updatedAt, priority, waitingSince',
        'order=up': 'order must be one of asc, desc',
        'assigneeId=someone': 'assigneeId must be an employee id, me or none',
        'assigneeId=0': 'assigneeId must be an employee id, me or none',
        'assigneeId=9999999999': 'assigneeId must be an employee id, me or none',
        'page=2': 'property page should not exist',
        [`cursor=${'x'.repeat(513)}`]: 'cursor must be shorter than or equal to 512 characters',
      };
      for (const [query, message] of Object.entries(cases)) {
        const response = await admin.get(`/tickets?${query}`);
        expect({ query, status: response.status, body: response.body }).toEqual({
          query,
          status: 400,
          body: { statusCode: 400, code: ErrorCode.ValidationFailed, message: expect.stringContaining(message) },
        });
      }
    });

    it('refuses a cursor it did not issue with 400 INVALID_CURSOR', async () => {
      const response = await admin.get('/tickets?cursor=bm90LWEtY3Vyc29y').expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: ErrorCode.InvalidCursor });
    });
  });

  describe('GET /tickets/{id}', () => {
    it('returns one ticket, 404 TICKET_NOT_FOUND for none, 400 for an id that is no positive integer', async () => {
      const ticketId = await newTicket();
      const ticket = await agent.session.get(`/tickets/${ticketId}`).expect(200);
      expect(ticket.body).toMatchObject({ id: ticketId, status: 'open', assigneeId: null });

      const missing = await agent.session.get('/tickets/987654').expect(404);
      expect(missing.body).toEqual({
        statusCode: 404,
        code: ErrorCode.TicketNotFound,
        message: 'Ticket #987654 not found',
      });

      for (const id of ['abc', '0', '-1', '1.5', '1e3', '0x10', '99999999999']) {
        const response = await agent.session.get(`/tickets/${id}`);
        expect({ id, status: response.status, code: response.body.code }).toEqual({
          id,
          status: 400,
          code: ErrorCode.ValidationFailed,
        });
      }
    });
  });
});
