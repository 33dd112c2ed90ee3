import { CodedError, ErrorCode, TICKET_STATUSES, TicketStatus } from '@app/contracts';
import { TICKET_TRANSITIONS, TicketLifecycle, TicketState, ticketLifecycle } from './ticket-lifecycle';

const EMPLOYEE = 7;
const ticket = (status: TicketStatus, assigneeId: number | null = null): TicketState => ({
  id: 42,
  status,
  assigneeId,
});

function errorCodeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof CodedError ? error.code : 'not a CodedError';
  }
}

describe('TicketLifecycle', () => {
  describe('the transition table', () => {
    const allowed: [TicketStatus, TicketStatus][] = [
      ['open', 'in_progress'],
      ['open', 'closed'],
      ['in_progress', 'open'],
      ['in_progress', 'closed'],
    ];

    it('allows exactly open→in_progress, open→closed, in_progress→open, in_progress→closed', () => {
      const table = TICKET_STATUSES.flatMap((from) => TICKET_TRANSITIONS[from].map((to) => [from, to]));
      expect(table).toEqual(allowed);
    });

    it.each(allowed)('%s → %s changes the status', (from, to) => {
      expect(ticketLifecycle.decideStatusChange(ticket(from, 3), to, EMPLOYEE)).toEqual({
        from,
        to,
        assigneeId: 3,
        closes: to === 'closed',
      });
    });

    it.each(TICKET_STATUSES)('%s → the same status is a no-op', (status) => {
      expect(ticketLifecycle.decideStatusChange(ticket(status), status, EMPLOYEE)).toBeNull();
    });

    it.each(['open', 'in_progress'] as const)('closed → %s is refused with TICKET_CLOSED: closed is final', (to) => {
      expect(errorCodeOf(() => ticketLifecycle.decideStatusChange(ticket('closed'), to, EMPLOYEE))).toBe(
        ErrorCode.TicketClosed,
      );
    });
  });

  it('refuses a transition missing from its table with INVALID_TRANSITION', () => {
    const strict = new TicketLifecycle({ open: ['closed'], in_progress: ['closed'], closed: [] });
    expect(errorCodeOf(() => strict.decideStatusChange(ticket('open'), 'in_progress', EMPLOYEE))).toBe(
      ErrorCode.InvalidTransition,
    );
    expect(strict.decideStatusChange(ticket('open'), 'closed', EMPLOYEE)?.to).toBe('closed');
  });

  it('taking an unassigned ticket assigns it to the employee who took it', () => {
    expect(ticketLifecycle.decideStatusChange(ticket('open'), 'in_progress', EMPLOYEE)?.assigneeId).toBe(EMPLOYEE);
  });

  it('taking a ticket that has an assignee keeps that assignee', () => {
    expect(ticketLifecycle.decideStatusChange(ticket('open', 3), 'in_progress', EMPLOYEE)?.assigneeId).toBe(3);
  });

  it('reopening or closing does not assign anyone', () => {
    expect(ticketLifecycle.decideStatusChange(ticket('in_progress'), 'open', EMPLOYEE)?.assigneeId).toBeNull();
    expect(ticketLifecycle.decideStatusChange(ticket('open'), 'closed', EMPLOYEE)?.assigneeId).toBeNull();
  });

  it('an assignment changes something only when the assignee differs, and never on a closed ticket', () => {
    expect(ticketLifecycle.decideAssignment(ticket('open', 3), 3)).toBe(false);
    expect(ticketLifecycle.decideAssignment(ticket('open', 3), null)).toBe(true);
    expect(ticketLifecycle.decideAssignment(ticket('in_progress'), 5)).toBe(true);
    expect(errorCodeOf(() => ticketLifecycle.decideAssignment(ticket('closed'), 5))).toBe(ErrorCode.TicketClosed);
  });

  it('refuses a reply on a closed ticket only', () => {
    expect(errorCodeOf(() => ticketLifecycle.assertNotClosed(ticket('closed')))).toBe(ErrorCode.TicketClosed);
    expect(errorCodeOf(() => ticketLifecycle.assertNotClosed(ticket('open')))).toBeUndefined();
    expect(errorCodeOf(() => ticketLifecycle.assertNotClosed(ticket('in_progress')))).toBeUndefined();
  });
});
