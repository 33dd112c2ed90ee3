import { EntityManager } from 'typeorm';
import { queryPrepared } from '@app/database';
import { CodedError, ErrorCode, TicketStatus, TicketView } from '@app/contracts';
import { priorityOf } from './ticket-priority';

/** ISO 8601 in UTC with milliseconds, as `Date.prototype.toISOString` writes it, formatted by Postgres. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Response-time targets and satisfaction; `sla_breached` as of the moment the page is read. */
const SLA_VIEW_COLUMNS = `${iso('t.first_response_at')} AS first_response_at, ${iso('t.first_response_due_at')} AS first_response_due_at,
  ${iso('t.resolution_due_at')} AS resolution_due_at, COALESCE(t.sla_breach_at <= now(), false) AS sla_breached,
  t.satisfaction_rating, t.satisfaction_comment, ${iso('t.rated_at')} AS rated_at`;

/**
 * The select list of a ticket's view, from `ticket.tickets t` joined with `ticket.clients c`: the list's hot
 * path, where entity hydration and Date parsing cost more CPU than the query (bench/README.md, finding 2).
 */
export const TICKET_VIEW_COLUMNS = `t.id, t.status, t.assignee_id, ${iso('t.created_at')} AS created_at,
  ${iso('t.updated_at')} AS updated_at, ${iso('t.closed_at')} AS closed_at, ${iso('t.last_message_at')} AS last_message_at,
  t.last_message_preview, t.priority, t.tags, ${iso('t.waiting_since')} AS waiting_since, t.previous_ticket_id,
  c.id AS client_id, c.telegram_id, c.username, c.first_name, c.last_name, c.language_code,
  ${SLA_VIEW_COLUMNS}`;

/** A row of TICKET_VIEW_COLUMNS. */
export interface TicketViewRow {
  id: number;
  status: TicketStatus;
  assignee_id: number | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  last_message_at: string | null;
  last_message_preview: string | null;
  priority: number;
  tags: string[];
  waiting_since: string | null;
  previous_ticket_id: number | null;
  client_id: number;
  telegram_id: string;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  language_code: string | null;
  first_response_at: string | null;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  sla_breached: boolean;
  satisfaction_rating: number | null;
  satisfaction_comment: string | null;
  rated_at: string | null;
}

export function toTicketView(row: TicketViewRow): TicketView {
  return {
    id: row.id,
    status: row.status,
    client: {
      id: row.client_id,
      telegramId: Number(row.telegram_id),
      username: row.username,
      firstName: row.first_name,
      lastName: row.last_name,
      languageCode: row.language_code,
    },
    assigneeId: row.assignee_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    lastMessageAt: row.last_message_at,
    lastMessagePreview: row.last_message_preview,
    priority: priorityOf(row.priority),
    tags: row.tags,
    awaitingReply: row.waiting_since !== null,
    waitingSince: row.waiting_since,
    previousTicketId: row.previous_ticket_id,
    firstResponseAt: row.first_response_at,
    firstResponseDueAt: row.first_response_due_at,
    resolutionDueAt: row.resolution_due_at,
    slaBreached: row.sla_breached,
    satisfaction:
      row.satisfaction_rating === null || row.rated_at === null
        ? null
        : { rating: row.satisfaction_rating, comment: row.satisfaction_comment, ratedAt: row.rated_at },
  };
}

/**
 * The views of these tickets, in id order, read the way the list reads them (one path from row to view).
 * Inside a transaction they show its own changes.
 */
export async function readTicketViews(manager: EntityManager, ticketIds: readonly number[]): Promise<TicketView[]> {
  const rows = await queryPrepared<TicketViewRow>(
    manager,
    `SELECT ${TICKET_VIEW_COLUMNS} FROM ticket.tickets t JOIN ticket.clients c ON c.id = t.client_id
     WHERE t.id = ANY($1::integer[]) ORDER BY t.id`,
    [[...new Set(ticketIds)]],
  );
  return rows.map(toTicketView);
}

/** One ticket's view, or TICKET_NOT_FOUND. */
export async function readTicketView(manager: EntityManager, ticketId: number): Promise<TicketView> {
  const [view] = await readTicketViews(manager, [ticketId]);
  if (!view) throw new CodedError(ErrorCode.TicketNotFound, `Ticket #${ticketId} not found`);
  return view;
}
