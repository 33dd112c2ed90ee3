import { TICKET_PRIORITIES, TicketPriority } from '@app/contracts';

/** Stored as its rank (0 low … 3 urgent), so ordering by the column orders by urgency. */
export function priorityRank(priority: TicketPriority): number {
  return TICKET_PRIORITIES.indexOf(priority);
}

export function priorityOf(rank: number): TicketPriority {
  const priority = TICKET_PRIORITIES[rank];
  if (!priority) throw new Error(`No priority has rank ${rank}`);
  return priority;
}
