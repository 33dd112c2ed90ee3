import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TicketServiceConfig } from '../config';
import { recordChange } from '../tickets/ticket-history';

/** One auto-assignment at a time: two tickets opened at once must not both pass an agent's limit. */
const ASSIGNMENT_LOCK = 'ticket:auto-assignment';

/**
 * Round-robin auto-assignment (ASSIGNMENT=round_robin; off by default): a new ticket goes to the next agent,
 * by id after the one who got the last ticket, who is active, not away, and holds fewer than
 * ASSIGNMENT_MAX_OPEN active tickets. Nobody qualifies: the ticket stays unassigned, for the queue.
 * Who the agents are comes from api-gateway's employee.changed events (see AgentRoster).
 */
@Injectable()
export class AutoAssignment {
  private readonly logger = new Logger(AutoAssignment.name);

  constructor(private readonly config: TicketServiceConfig) {}

  /** In the transaction that opened the ticket. */
  async assignNew(manager: EntityManager, ticketId: number): Promise<number | null> {
    if (this.config.ASSIGNMENT !== 'round_robin') return null;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [ASSIGNMENT_LOCK]);
    const [pick]: { employee_id: number }[] = await manager.query(
      `SELECT a.employee_id FROM ticket.agents a
       WHERE a.role = 'agent' AND a.active AND NOT a.away
         AND (SELECT count(*) FROM ticket.tickets t WHERE t.assignee_id = a.employee_id AND t.status <> 'closed') < $1
       ORDER BY a.employee_id <= coalesce((SELECT last_employee_id FROM ticket.assignment_turn), 0), a.employee_id
       LIMIT 1`,
      [this.config.ASSIGNMENT_MAX_OPEN],
    );
    if (!pick) {
      this.logger.warn({ ticketId }, 'No agent available for auto-assignment; ticket left unassigned');
      return null;
    }
    const assigneeId = pick.employee_id;
    await manager.query('UPDATE ticket.tickets SET assignee_id = $2 WHERE id = $1', [ticketId, assigneeId]);
    await manager.query(
      `INSERT INTO ticket.assignment_turn (last_employee_id) VALUES ($1)
       ON CONFLICT (only_row) DO UPDATE SET last_employee_id = excluded.last_employee_id`,
      [assigneeId],
    );
    await recordChange(manager, { ticketId, employeeId: null, action: 'assignee', from: null, to: assigneeId });
    this.logger.log({ ticketId, assigneeId }, 'Ticket auto-assigned');
    return assigneeId;
  }
}
