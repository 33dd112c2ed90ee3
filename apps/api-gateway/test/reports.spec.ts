import request from 'supertest';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode, TicketView } from '@app/contracts';
import { Desk, startDesk } from './desk-harness';
import { Session } from './gateway-harness';

describe('api-gateway: reports and the SLA filter over REST', () => {
  let desk: Desk;
  let app: NestExpressApplication;
  let agent: Session;

  beforeAll(async () => {
    desk = await startDesk();
    app = desk.app;
    agent = desk.agent.session;
  });

  afterAll(async () => {
    await desk?.close();
  });

  const today = () => new Date().toISOString().slice(0, 10);
  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  it('gives any employee the summary per day and per agent', async () => {
    const ticketId = await desk.newTicket();
    await desk.admin.patch(`/tickets/${ticketId}/assignee`, { assigneeId: desk.agent.id }).expect(200);

    const byDay = await agent
      .get(`/reports/summary?from=${today()}&to=${tomorrow()}&groupBy=day&total=true`)
      .expect(200);
    expect(byDay.body).toMatchObject({
      timeZone: 'UTC',
      rows: [{ key: today(), opened: expect.any(Number), slaBreaches: 0 }],
    });
    expect(byDay.body.rows[0].opened).toBeGreaterThanOrEqual(1);
    // one day: the range's total is that day's row under another key
    expect(byDay.body.total).toEqual({ ...byDay.body.rows[0], key: 'total' });

    const byAgent = await agent.get(`/reports/summary?from=${today()}&to=${tomorrow()}&groupBy=agent`).expect(200);
    expect(byAgent.body.rows).toContainEqual(expect.objectContaining({ key: String(desk.agent.id), opened: 1 }));
  });

  it('gives the same as CSV', async () => {
    const json = await agent.get(`/reports/summary?from=${today()}&to=${tomorrow()}`).expect(200);
    const csv = await agent.get(`/reports/summary.csv?from=${today()}&to=${tomorrow()}`).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, row] = csv.text.split('\r\n');
    expect(header).toBe(
      'key,opened,closed,firstResponseMedianSec,firstResponseP90Sec,resolutionMedianSec,resolutionP90Sec,slaBreaches,csatAverage,csatCount,csat1,csat2,csat3,csat4,csat5',
    );
    expect(row.split(',').slice(0, 3)).toEqual([
      today(),
      String(json.body.rows[0].opened),
      String(json.body.rows[0].closed),
    ]);
  });

  it('refuses bad ranges and unknown parameters with 400, and strangers with 401', async () => {
    expect((await agent.get('/reports/summary?from=yesterday&to=2026-01-01').expect(400)).body.code).toBe(
      ErrorCode.ValidationFailed,
    );
    expect((await agent.get('/reports/summary?from=2026-01-02&to=2026-01-01').expect(400)).body.code).toBe(
      ErrorCode.ValidationFailed,
    );
    expect(
      (await agent.get('/reports/summary?from=2026-01-01&to=2026-01-02&groupBy=week').expect(400)).body.message,
    ).toContain('groupBy');
    expect((await agent.get('/reports/summary?to=2026-01-02').expect(400)).body.message).toContain('from');
    expect(
      (await agent.get('/reports/summary?from=2026-01-01&to=2026-01-02&total=yes').expect(400)).body.message,
    ).toContain('total');
    await request(app.getHttpServer()).get('/reports/summary.csv?from=2026-01-01&to=2026-01-02').expect(401);
  });

  it('filters the ticket list by slaBreached and sorts it by firstResponseDueAt', async () => {
    const ticketId = await desk.newTicket();
    const listed = async (query: string) =>
      ((await agent.get(`/tickets?limit=100&${query}`).expect(200)).body.items as TicketView[]).map(
        (ticket) => ticket.id,
      );
    expect(await listed('slaBreached=false&sort=firstResponseDueAt&order=asc')).toContain(ticketId);
    expect(await listed('slaBreached=true')).not.toContain(ticketId);
    expect((await agent.get('/tickets?slaBreached=yes').expect(400)).body.message).toContain('slaBreached');
  });
});
