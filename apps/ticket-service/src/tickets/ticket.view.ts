import { TicketView } from '@app/contracts';
import { toClientView } from '../clients/client.view';
import { priorityOf } from './ticket-priority';
import { Ticket } from './ticket.entity';

export function toTicketView(ticket: Ticket): TicketView {
  return {
    id: ticket.id,
    status: ticket.status,
    client: toClientView(ticket.client),
    assigneeId: ticket.assigneeId,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    closedAt: ticket.closedAt?.toISOString() ?? null,
    lastMessageAt: ticket.lastMessageAt?.toISOString() ?? null,
    lastMessagePreview: ticket.lastMessagePreview,
    priority: priorityOf(ticket.priority),
    tags: ticket.tags,
    awaitingReply: ticket.waitingSince !== null,
    waitingSince: ticket.waitingSince?.toISOString() ?? null,
    previousTicketId: ticket.previousTicketId,
    firstResponseAt: ticket.firstResponseAt?.toISOString() ?? null,
    firstResponseDueAt: ticket.firstResponseDueAt?.toISOString() ?? null,
    resolutionDueAt: ticket.resolutionDueAt?.toISOString() ?? null,
    slaBreached: ticket.slaBreachAt !== null && ticket.slaBreachAt.getTime() <= Date.now(),
    satisfaction:
      ticket.satisfactionRating === null || ticket.ratedAt === null
        ? null
        : { rating: ticket.satisfactionRating, comment: ticket.satisfactionComment, ratedAt: ticket.ratedAt.toISOString() },
  };
}
