import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssignCommand, ChangeStatusCommand, Events, TicketView } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { TICKET_SCHEMA } from '../config';
import { ticketFeed } from '../feed/ticket-feed';
import { recordSystemNotice } from '../messages/system-notices';
import { recordChange } from './ticket-history';
import { ticketLifecycle } from './ticket-lifecycle';
import { loadTicket } from './ticket-store';
import { readTicketView } from './ticket.view';

/** What employees do to a ticket: look at it, move it through its lifecycle, assign it. */
@Injectable()
export class TicketsService {
  private readonly logger = new Logger(TicketsService.name);

  constructor(private readonly dataSource: DataSource) {}

  async get(ticketId: number): Promise<TicketView> {
    return readTicketView(this.dataSource.manager, ticketId);
  }

  /** Applies a transition and tells the client (through the outbox) in the same transaction. */
  async changeStatus({ ticketId, status, employeeId }: ChangeStatusCommand): Promise<TicketView> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      const change = ticketLifecycle.decideStatusChange(ticket, status, employeeId);
      if (!change) return readTicketView(manager, ticketId);

      await manager.query(
        `UPDATE ticket.tickets
         SET status = $2, assignee_id = $3, updated_at = now(), closed_at = CASE WHEN $4 THEN now() ELSE NULL END
         WHERE id = $1`,
        [ticketId, change.to, change.assigneeId, change.closes],
      );
      await recordChange(manager, { ticketId, employeeId, action: 'status', from: change.from, to: change.to });
      if (change.assigneeId !== ticket.assigneeId) {
        await recordChange(manager, {
          ticketId,
          employeeId,
          action: 'assignee',
          from: ticket.assigneeId,
          to: change.assigneeId,
        });
      }
      await addToOutbox(manager, TICKET_SCHEMA, Events.TicketStatusChanged, {
        ticketId,
        from: change.from,
        to: change.to,
        changedBy: employeeId,
        chatId: Number(ticket.client.chatId),
        languageCode: ticket.client.languageCode,
        noticeMessageId: await recordSystemNotice(manager, ticketId, ticket.client.chatId),
      });
      await ticketFeed.ticketsChanged(manager, [ticketId]);
      this.logger.log({ ticketId, from: change.from, to: change.to, employeeId }, 'Ticket status changed');
      return readTicketView(manager, ticketId);
    });
  }

  /** Sets or clears the assignee; the gateway has checked that the employee exists. */
  async assign({ ticketId, assigneeId, employeeId }: AssignCommand): Promise<TicketView> {
    return this.dataSource.transaction(async (manager) => {
      const ticket = await loadTicket(manager, ticketId, { forUpdate: true });
      if (!ticketLifecycle.decideAssignment(ticket, assigneeId)) return readTicketView(manager, ticketId);

      await manager.query('UPDATE ticket.tickets SET assignee_id = $2, updated_at = now() WHERE id = $1', [
        ticketId,
        assigneeId,
      ]);
      await recordChange(manager, {
        ticketId,
        employeeId,
        action: 'assignee',
        from: ticket.assigneeId,
        to: assigneeId,
      });
      await ticketFeed.ticketsChanged(manager, [ticketId]);
      this.logger.log({ ticketId, assigneeId, employeeId }, 'Ticket assigned');
      return readTicketView(manager, ticketId);
    });
  }
}
