import { CodedError, ErrorCode, ListTicketsQuery, normaliseTags } from '@app/contracts';
import { slaBreachedTerm } from './sla-list-terms';
import { priorityRank } from './ticket-priority';
import { TICKET_SORT_KEYS } from './ticket-sort-keys';

/** The text search configuration: Russian stemming, and English stemming for words in Latin letters. */
export const SEARCH_CONFIG = 'russian';

/** `#42` (or `42`): the ticket itself matches too. */
const TICKET_NUMBER = /^#?(\d{1,9})$/;

/**
 * The conditions every branch of a page shares, besides status and the cursor, with their parameters added
 * through `param`. Each is one the indexes serve: an equality on a leading index column, a partial
 * index's predicate, or a GIN-indexed match (tags, search) the planner may check on the few rows an ordered
 * scan reads, or look up first when it is selective.
 */
export function listConditions(query: ListTicketsQuery, param: (value: unknown) => string): string[] {
  const conditions: string[] = [];
  if (query.assigneeId === 'none') conditions.push('assignee_id IS NULL');
  else if (query.assigneeId !== undefined) conditions.push(`assignee_id = ${param(query.assigneeId)}`);

  const implied = TICKET_SORT_KEYS[query.sort].implies;
  if (implied) {
    if (query.awaitingReply === false) {
      throw new CodedError(
        ErrorCode.ValidationFailed,
        `sort=${query.sort} lists only tickets awaiting a reply; drop awaitingReply=false`,
      );
    }
    conditions.push(implied);
  } else if (query.awaitingReply !== undefined) {
    conditions.push(query.awaitingReply ? 'waiting_since IS NOT NULL' : 'waiting_since IS NULL');
  }

  const slaBreached = slaBreachedTerm(query.slaBreached);
  if (slaBreached) conditions.push(slaBreached);
  if (query.clientId !== undefined) conditions.push(`client_id = ${param(query.clientId)}`);
  if (query.priority)
    conditions.push(`priority = ANY(${param([...new Set(query.priority)].map(priorityRank))}::smallint[])`);
  if (query.tags) conditions.push(`tags @> ${param(normaliseTags(query.tags))}::text[]`);
  if (query.q !== undefined) {
    // Every word must match (stemmed). plainto, not websearch: the document is stripped of positions, where a
    // phrase (which websearch makes of "petr_orders") could never match.
    const matches = `search @@ plainto_tsquery('${SEARCH_CONFIG}', ${param(query.q)})`;
    const ticketNumber = TICKET_NUMBER.exec(query.q);
    conditions.push(ticketNumber ? `(id = ${param(Number(ticketNumber[1]))} OR ${matches})` : matches);
  }
  return conditions;
}

/**
 * Whether the rows a page matches depend on the values enough that a plan made for one value is wrong for
 * another: a common word and a rare one want different plans, so such a page is planned every time.
 */
export function plansPerValue(query: ListTicketsQuery): boolean {
  return query.q !== undefined || query.tags !== undefined;
}
