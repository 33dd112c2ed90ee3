import { EntityManager } from 'typeorm';
import { queryPrepared } from '@app/database';
import { DueTimes } from '../service-level/sla-clock';

export interface ActiveTicket {
  ticketId: number;
  /** opened by this transaction */
  created: boolean;
}

/** Attempts to find or open the active tickets; each retry follows a ticket closed or opened under our feet. */
const ACTIVE_TICKET_ATTEMPTS = 5;

/** The clients' active tickets, locked (in client id order), by client id; a client without one is left out. */
export async function lockActiveTickets(
  manager: EntityManager,
  clientIds: number[],
): Promise<Map<number, ActiveTicket>> {
  const tickets = new Map<number, ActiveTicket>();
  if (clientIds.length === 0) return tickets;
  const active = await queryPrepared<{ id: number; client_id: number }>(
    manager,
    `SELECT id, client_id FROM ticket.tickets
     WHERE client_id = ANY($1::int[]) AND status <> 'closed' ORDER BY client_id FOR UPDATE`,
    [[...new Set(clientIds)].sort((a, b) => a - b)],
  );
  for (const row of active) tickets.set(row.client_id, { ticketId: row.id, created: false });
  return tickets;
}

/**
 * Each client's active ticket, locked, or a new one; by client id. `locked`: what lockActiveTickets found in
 * this transaction just before, so the first look is not repeated (its clients without one are opened first).
 * The partial unique index decides races: an insert that collides with a concurrent one waits for it to
 * commit, does nothing, and the next select finds the winner's ticket. So however many messages arrive at
 * once, a client's land in one ticket. Rows are locked in client id order, so two transactions over the same
 * clients cannot deadlock.
 */
export async function lockOrOpenActiveTickets(
  manager: EntityManager,
  clientIds: number[],
  due: DueTimes = { firstResponseDueAt: null, resolutionDueAt: null },
  locked?: ReadonlyMap<number, ActiveTicket>,
): Promise<Map<number, ActiveTicket>> {
  const tickets = new Map<number, ActiveTicket>();
  let missing = [...new Set(clientIds)].sort((a, b) => a - b);
  for (let attempt = 0; attempt < ACTIVE_TICKET_ATTEMPTS && missing.length > 0; attempt++) {
    const found = attempt === 0 && locked ? locked : await lockActiveTickets(manager, missing);
    for (const clientId of missing) if (found.has(clientId)) tickets.set(clientId, found.get(clientId)!);
    missing = missing.filter((clientId) => !tickets.has(clientId));
    if (missing.length === 0) break;

    const opened = await queryPrepared<{ id: number; client_id: number }>(
      manager,
      // A returning client's new ticket links to their previous one.
      `INSERT INTO ticket.tickets (client_id, previous_ticket_id, first_response_due_at, resolution_due_at)
       SELECT c.client_id, (SELECT max(p.id) FROM ticket.tickets p WHERE p.client_id = c.client_id), $2::timestamptz, $3::timestamptz
       FROM unnest($1::int[]) AS c(client_id) ORDER BY 1
       ON CONFLICT (client_id) WHERE status <> 'closed' DO NOTHING RETURNING id, client_id`,
      [missing, due.firstResponseDueAt, due.resolutionDueAt],
    );
    for (const row of opened) tickets.set(row.client_id, { ticketId: row.id, created: true });
    missing = missing.filter((clientId) => !tickets.has(clientId));
  }
  if (missing.length > 0) {
    throw new Error(
      `No active ticket found or opened for clients ${missing.join(', ')} after ${ACTIVE_TICKET_ATTEMPTS} attempts`,
    );
  }
  return tickets;
}
