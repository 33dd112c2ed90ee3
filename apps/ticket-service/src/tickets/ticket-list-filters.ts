import { CodedError, ErrorCode, ListTicketsQuery, normaliseTags } from '@app/contracts';
import { slaBreachedTerm } from './sla-list-terms';
import { priorityRank } from './ticket-priority';
import { TICKET_SORT_KEYS } from './ticket-sort-keys';

/** `#42` (or `42`): the ticket itself matches too. */
const TICKET_NUMBER = /^#?(\d{1,9})$/;

/**
 * The conditions every branch of a page shares, besides status and the cursor, with their parameters added
 * through `param`; `words` are the search's words (searchWords) when it has one. Each is one the indexes
 * serve: an equality on a leading index column, a partial index's predicate, or a GIN-indexed match (tags,
 * a word of the messages) the planner may check on the few rows an ordered scan reads, or look up first when
 * it is selective.
 */
export function listConditions(
  query: ListTicketsQuery,
  param: (value: unknown) => string,
  words: string[] = [],
): string[] {
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
  if (query.q !== undefined) conditions.push(...searchConditions(query.q, words, param));
  return conditions;
}

/**
 * A ticket matches when its messages, together, hold every word (stemmed; each message's document holds its
 * text, file name and, for a client's, the client's names). One semi-join per word, which the planner runs
 * either way round: the word's messages looked up in their GIN index first (a rare word), or the word checked
 * on the tickets an ordered scan reads (a common one). A search of only stop words matches nothing.
 */
function searchConditions(q: string, words: string[], param: (value: unknown) => string): string[] {
  const withWord = (word: string) => `SELECT ticket_id FROM ticket.messages WHERE search @@ ${param(word)}::tsquery`;
  const ticketNumber = TICKET_NUMBER.exec(q);
  if (words.length === 0) return [ticketNumber ? `id = ${param(Number(ticketNumber[1]))}` : 'false'];
  return words.map((word, i) =>
    // `#42`: the ticket itself, or tickets that mention 42 (a number is a single word)
    ticketNumber && i === 0
      ? `id IN (SELECT ${param(Number(ticketNumber[1]))}::integer UNION ALL ${withWord(word)})`
      : `id IN (${withWord(word)})`,
  );
}

/**
 * Whether the rows a page matches depend on the values enough that a plan made for one value is wrong for
 * another: a common word and a rare one want different plans, so such a page is planned every time.
 */
export function plansPerValue(query: ListTicketsQuery): boolean {
  return query.q !== undefined || query.tags !== undefined;
}
