import { CodedError, ErrorCode, TicketStatus } from '@app/contracts';

export type TransitionTable = Readonly<Record<TicketStatus, readonly TicketStatus[]>>;

/** Where a ticket may go from each status. `closed` is final: a client's next message opens a new ticket. */
export const TICKET_TRANSITIONS: TransitionTable = {
  open: ['in_progress', 'closed'],
  in_progress: ['open', 'closed'],
  closed: [],
};

export interface TicketState {
  id: number;
  status: TicketStatus;
  assigneeId: number | null;
}

/** What a status change does to a ticket. */
export interface StatusChange {
  from: TicketStatus;
  to: TicketStatus;
  assigneeId: number | null;
  closes: boolean;
}

/** The rules of a ticket's life, as pure decisions; the services apply them to a locked row. */
export class TicketLifecycle {
  constructor(private readonly transitions: TransitionTable = TICKET_TRANSITIONS) {}

  /**
   * Returns null when nothing changes: a change to the status the ticket already has is a no-op (also
   * for `closed`, so closing twice is not an error). Taking a ticket (→ in_progress) assigns it to the
   * employee who took it, if it had no assignee.
   */
  decideStatusChange(ticket: TicketState, to: TicketStatus, employeeId: number): StatusChange | null {
    if (ticket.status === to) return null;
    this.assertNotClosed(ticket);
    if (!this.transitions[ticket.status].includes(to)) {
      throw new CodedError(
        ErrorCode.InvalidTransition,
        `Ticket #${ticket.id} cannot go from ${ticket.status} to ${to}`,
      );
    }
    const takes = to === 'in_progress' && ticket.assigneeId === null;
    return { from: ticket.status, to, assigneeId: takes ? employeeId : ticket.assigneeId, closes: to === 'closed' };
  }

  /** Returns whether the assignment changes anything; a closed ticket takes no assignment. */
  decideAssignment(ticket: TicketState, assigneeId: number | null): boolean {
    this.assertNotClosed(ticket);
    return ticket.assigneeId !== assigneeId;
  }

  /** Replies, assignments and status changes all stop at a closed ticket. */
  assertNotClosed(ticket: TicketState): void {
    if (ticket.status === 'closed') throw new CodedError(ErrorCode.TicketClosed, `Ticket #${ticket.id} is closed`);
  }
}

export const ticketLifecycle = new TicketLifecycle();
