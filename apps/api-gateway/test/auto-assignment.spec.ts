import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode, TicketView } from '@app/contracts';
import { eventually } from '@app/testing';
import { Desk, clientWrites, startDesk } from './desk-harness';
import { Hired, Session, hire } from './gateway-harness';

const MAX_OPEN = 2;

/**
 * ASSIGNMENT=round_robin: ticket-service learns the agents from the gateway's employee.changed events and
 * gives each new ticket to the next one who is active, not away and under ASSIGNMENT_MAX_OPEN.
 */
describe('auto-assignment (round robin), through the real gateway and ticket-service', () => {
  let desk: Desk;
  let app: NestExpressApplication;
  let admin: Session;
  let firstAgent: Hired;

  beforeAll(async () => {
    desk = await startDesk({ ticketService: { ASSIGNMENT: 'round_robin', ASSIGNMENT_MAX_OPEN: String(MAX_OPEN) } });
    ({ app, admin, agent: firstAgent } = desk);
  });

  afterAll(async () => {
    await desk?.close();
  });

  const ticketOf = async (ticketId: number): Promise<TicketView> =>
    (await admin.get(`/tickets/${ticketId}`).expect(200)).body;

  /** A new ticket, once ticket-service knows every agent hired so far (the roster follows by event). */
  const assignedTicket = async () => (await ticketOf(await desk.newTicket())).assigneeId;

  it('takes turns between active agents, skips the away and the full, and leaves the ticket unassigned when nobody can take it', async () => {
    const second = await hire(app, admin, 'agent');
    const third = await hire(app, admin, 'agent');
    const away = await admin.patch(`/employees/${second.id}`, { away: true }).expect(200);
    expect(away.body).toMatchObject({ id: second.id, away: true, active: true });
    const agentsInTurn = [firstAgent.id, third.id];

    // The roster follows the gateway by event: wait until the first ticket goes to the third agent's turn.
    const firstTwo = [await assignedTicket()];
    await eventually(
      async () => {
        firstTwo.push(await assignedTicket());
        return firstTwo.includes(third.id);
      },
      { message: 'the third agent known to ticket-service' },
    );

    // Each agent now holds tickets up to the limit, in turns; nobody is over it, the away agent has none.
    const more: (number | null)[] = [];
    for (let i = 0; i < 2 * MAX_OPEN; i++) more.push(await assignedTicket());
    const held = async (employeeId: number) =>
      (await admin.get(`/tickets?assigneeId=${employeeId}&status=open,in_progress&limit=100`).expect(200)).body.items
        .length;
    expect(await held(firstAgent.id)).toBe(MAX_OPEN);
    expect(await held(third.id)).toBe(MAX_OPEN);
    expect(await held(second.id)).toBe(0);
    expect(more.at(-1)).toBeNull();
    expect(more.filter((assignee) => assignee !== null).every((assignee) => agentsInTurn.includes(assignee!))).toBe(
      true,
    );
    // Round robin: the two agents alternate, never one twice in a row.
    const turns = [...firstTwo, ...more].filter((assignee) => assignee !== null);
    expect(turns.every((assignee, i) => i === 0 || assignee !== turns[i - 1])).toBe(true);

    // Back from away: the next ticket is theirs. The admin never gets one.
    await admin.patch(`/employees/${second.id}`, { away: false }).expect(200);
    await eventually(async () => (await assignedTicket()) === second.id, {
      message: 'the agent back from away gets a ticket',
    });
    expect(await held(desk.adminId)).toBe(0);
  });

  it('records the auto-assignment in the history as done by nobody (employeeId null)', async () => {
    const helper = await hire(app, admin, 'agent');
    const ticketId = await eventually(
      async () => {
        const id = await desk.newTicket();
        return (await ticketOf(id)).assigneeId === helper.id && id;
      },
      { message: 'a ticket auto-assigned to the new agent' },
    );
    const { items } = (await admin.get(`/tickets/${ticketId}/history`).expect(200)).body;
    expect(items).toEqual([
      { at: expect.any(String), employeeId: null, action: 'assignee', from: null, to: helper.id },
    ]);
  });

  it('many tickets opened at once never push an agent over the limit', async () => {
    const telegramIds = Array.from({ length: 12 }, () => desk.newTelegramId());
    const opened = await Promise.all(telegramIds.map((telegramId) => clientWrites(app, telegramId, 'All at once')));
    expect(opened.every((result) => result.ticketCreated)).toBe(true);
    const employees: { id: number }[] = (await admin.get('/employees').expect(200)).body;
    for (const employee of employees) {
      const { items } = (
        await admin.get(`/tickets?assigneeId=${employee.id}&status=open,in_progress&limit=100`).expect(200)
      ).body;
      expect({ employee: employee.id, held: Math.min(items.length, MAX_OPEN) }).toEqual({
        employee: employee.id,
        held: items.length,
      });
    }
  });

  it('PATCH /employees/{id} {away} is admin only and must be a boolean', async () => {
    expect((await firstAgent.session.patch(`/employees/${firstAgent.id}`, { away: true }).expect(403)).body.code).toBe(
      ErrorCode.Forbidden,
    );
    expect((await admin.patch(`/employees/${firstAgent.id}`, { away: 'yes' }).expect(400)).body.code).toBe(
      ErrorCode.ValidationFailed,
    );
  });
});
