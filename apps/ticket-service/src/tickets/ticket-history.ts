import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { HistoryAction, TicketHistoryEntry } from '@app/contracts';
import { loadTicket } from './ticket-store';

type HistoryValue = TicketHistoryEntry['from'];

/** Writes one entry of the audit trail, in the transaction of the change it records. */
export async function recordChange(
  manager: EntityManager,
  change: { ticketId: number; employeeId: number | null; action: HistoryAction; from: HistoryValue; to: HistoryValue },
): Promise<void> {
  await manager.query(
    `INSERT INTO ticket.ticket_history (ticket_id, employee_id, action, from_value, to_value) VALUES ($1, $2, $3, $4, $5)`,
    [change.ticketId, change.employeeId, change.action, JSON.stringify(change.from), JSON.stringify(change.to)],
  );
}

/** A ticket's audit trail: who changed its status, assignee, priority or tags, when, from what to what. */
@Injectable()
export class TicketHistory {
  constructor(private readonly dataSource: DataSource) {}

  async list(ticketId: number): Promise<{ items: TicketHistoryEntry[] }> {
    await loadTicket(this.dataSource.manager, ticketId);
    const rows: {
      at: string;
      employee_id: number | null;
      action: HistoryAction;
      from_value: HistoryValue;
      to_value: HistoryValue;
    }[] = await this.dataSource.query(
      `SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, employee_id, action, from_value, to_value
         FROM ticket.ticket_history WHERE ticket_id = $1 ORDER BY id`,
      [ticketId],
    );
    return {
      items: rows.map((row) => ({
        at: row.at,
        employeeId: row.employee_id,
        action: row.action,
        from: row.from_value,
        to: row.to_value,
      })),
    };
  }
}
