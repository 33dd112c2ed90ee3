import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssignRequest, ChangeStatusCommand, Events, TicketView } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { TICKET_SCHEMA } from '../config';
import { ticketLifecycle } from './ticket-lifecycle';
import { loadTicket } from './ticket-store';
import { toTicketView } from './ticket.view';


/** What employees do to a ticket: look at it, move it through its lifecycle, assign it. */
@Injectable()
export class TicketsService {
  private readonly logger = new Logger(TicketsService.name);

  constructor(private readonly dataSource: DataSource) {}

  async get(ticketId: number): Promise<TicketView> {
    return toTicketView(await loadTicket(this.dataSource.manager, ticketId));
  }

  /** Applies a transition and tells the client (through the outbox) in the same transaction. */
  async changeStatus({ ticketId, status, employeeId }: ChangeStatusCommand): Promise<TicketView> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      const change = ticketLifecycle.decideStatusChange(ticket, status, employeeId);
      if (!change) return toTicketView(ticket);

      await manager.query(
        `UPDATE ticket.tickets
         SET status = $2, assignee_id = $3, updated_at = now(), closed_at = CASE WHEN $4 THEN now() ELSE NULL END
         WHERE id = $1`,
        [ticketId, change.to, change.assigneeId, change.closes],
      );
      await addToOutbox(manager, TICKET_SCHEMA, Events.TicketStatusChanged, {
        ticketId,
        from: change.from,
        to: change.to,
        changedBy: employeeId,
        chatId: Number(ticket.client.chatId),
        languageCode: ticket.client.languageCode,
      });
      this.logger.log({ ticketId, from: change.from, to: change.to, employeeId }, 'Ticket status changed');
      return toTicketView(await loadTicket(manager, ticketId));
    });
  }

  /** Sets or clears the assignee; the gateway has checked that the employee exists. */
  async assign({ ticketId, assigneeId, employeeId }: AssignRequest): Promise<TicketView> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      if (!ticketLifecycle.decideAssignment(ticket, assigneeId)) return toTicketView(ticket);

      await manager.query('UPDATE ticket.tickets SET assignee_id = $2, updated_at = now() WHERE id = $1', [ticketId, assigneeId]);
      this.logger.log({ ticketId, assigneeId, employeeId }, 'Ticket assigned');
      return toTicketView(await loadTicket(manager, ticketId));
    });
  }
}
